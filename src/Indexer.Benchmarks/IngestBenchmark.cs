using System.Diagnostics;

namespace Indexer.Benchmarks;

/// <summary>
/// The ingest alone (issue 11's "first fetch to searchable"), round after round in alternating order: plain
/// Lucene.Net's ingest and the service's, each a fresh process on fresh folders, over the same feeds. Each with its
/// wall time and its process's CPU time, so a change to the ingest path is judged by ratios measured side by side
/// rather than by one end-to-end run on a shared machine.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task RunAsync(IReadOnlyList<CorpusDocument> corpus, Arguments options)
    {
        Console.WriteLine($"corpus: {corpus.Count} documents; articles: {options.Articles}; feeds: {options.Feeds}; rounds: {options.Rounds}; " +
                          $"machine: {System.Environment.ProcessorCount} cores, load average {EngineBenchmark.LoadAverage()} at the start");
        await using var farm = await FeedFarm.StartAsync(corpus, options.Articles, options.Feeds);
        Console.WriteLine("  round  run        articles/s   wall s   CPU s   peak MiB   own MiB   files MiB   load");
        var ratios = new List<double>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var plainFirst = round % 2 == 1;
            double plainRate = 0, serviceRate = 0;
            foreach (var plain in plainFirst ? new[] { true, false } : [false, true])
            {
                var work = Directory.CreateTempSubdirectory("indexer-bench-ingest-");
                try
                {
                    var (seconds, cpu, memory) = plain
                        ? await PlainAsync(farm, options, Path.Combine(work.FullName, "plain-index"))
                        : await ServiceAsync(farm, options, work.FullName);
                    var rate = options.Articles / seconds;
                    if (plain) plainRate = rate; else serviceRate = rate;
                    Console.WriteLine($"  {round,5}  {(plain ? "plain" : "service"),-9} {rate,11:F0} {seconds,8:F1} {cpu,7:F1} {memory.Hwm,10:F0} {memory.Own,9:F0} {memory.Files,11:F0}   {EngineBenchmark.LoadAverage()}");
                }
                finally
                {
                    work.Delete(recursive: true);
                }
            }
            ratios.Add(serviceRate / plainRate);
            Console.WriteLine($"  {round,5}  service / plain: {serviceRate / plainRate:F2}×");
        }
        Console.WriteLine($"service / plain articles/s per round: {string.Join(", ", ratios.Select(r => r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "×"))}");
    }

    private static async Task<(double Seconds, double Cpu, MemoryPeaks Memory)> PlainAsync(FeedFarm farm, Arguments options, string index)
    {
        var plain = await ServiceBenchmark.PlainIngestAsync(farm, options.Feeds, index);
        return (plain.Seconds, plain.CpuSeconds, plain.Memory);
    }

    private static async Task<(double Seconds, double Cpu, MemoryPeaks Memory)> ServiceAsync(FeedFarm farm, Arguments options, string work)
    {
        var config = Directory.CreateDirectory(Path.Combine(work, "config")).FullName;
        await File.WriteAllTextAsync(Path.Combine(config, "feeds.json"), farm.FeedsJson(TimeSpan.FromHours(1)));
        await using var service = ServiceProcess.Start(config, Path.Combine(work, "data"), options.Verbose, ServiceBenchmark.ServiceSettings(options));
        await service.WaitUntilUpAsync();
        await service.WaitUntilSearchableAsync(options.Articles);
        var seconds = (DateTime.UtcNow - farm.FirstHitAt!.Value).TotalSeconds;
        var result = (seconds, service.CpuSeconds(), service.Memory);
        farm.ResetHits();
        return result;
    }
}
