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
                          $"machine: {System.Environment.ProcessorCount} cores, load average {EngineBenchmark.LoadAverage()} at the start" +
                          (options.Baseline is { } baseline ? $"; baseline build: {baseline}" : "") + (options.Variant is { } variant ? $"; variant: {variant}" : ""));
        await using var farm = await FeedFarm.StartAsync(corpus, options.Articles, options.Feeds);
        // The index as it stands when every article is searchable (the service's last commit comes at its shutdown).
        Console.WriteLine("  round  run        articles/s   wall s   CPU s   peak MiB   own MiB   files MiB   index MiB   load");
        // With a baseline build or a variant, three or four runs a round, each round starting with the next one, so none always runs first.
        Run[] runs = [Run.Plain, .. options.Baseline is null ? Array.Empty<Run>() : [Run.Baseline], .. options.Variant is null ? Array.Empty<Run>() : [Run.Variant], Run.Service];
        var ratios = runs.Where(r => r != Run.Plain).ToDictionary(r => r, _ => new List<double>());
        for (var round = 1; round <= options.Rounds; round++)
        {
            var rates = new Dictionary<Run, double>();
            foreach (var run in runs.Skip((round - 1) % runs.Length).Concat(runs.Take((round - 1) % runs.Length)))
            {
                var work = Directory.CreateTempSubdirectory("indexer-bench-ingest-");
                try
                {
                    var (seconds, cpu, memory, index) = run == Run.Plain
                        ? await PlainAsync(farm, options, Path.Combine(work.FullName, "plain-index"))
                        : await ServiceAsync(farm, options, work.FullName, run == Run.Baseline ? options.Baseline : null,
                            ServiceBenchmark.WithVariant(ServiceBenchmark.ServiceSettings(options), run == Run.Variant ? options.Variant : null));
                    rates[run] = options.Articles / seconds;
                    Console.WriteLine($"  {round,5}  {run.ToString().ToLowerInvariant(),-9} {rates[run],11:F0} {seconds,8:F1} {cpu,7:F1} {memory.Hwm,10:F0} {memory.Own,9:F0} {memory.Files,11:F0} {index,11:F0}   {EngineBenchmark.LoadAverage()}");
                }
                finally
                {
                    work.Delete(recursive: true);
                }
            }
            foreach (var run in runs.Where(r => r != Run.Plain))
            {
                ratios[run].Add(rates[run] / rates[Run.Plain]);
                Console.WriteLine($"  {round,5}  {run.ToString().ToLowerInvariant()} / plain: {rates[run] / rates[Run.Plain]:F2}×");
            }
        }
        foreach (var run in runs.Where(r => r != Run.Plain))
            Console.WriteLine($"{run.ToString().ToLowerInvariant()} / plain articles/s per round: {string.Join(", ", ratios[run].Select(r => r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "×"))}");
    }

    private enum Run { Plain, Baseline, Variant, Service }

    private static async Task<(double Seconds, double Cpu, MemoryPeaks Memory, double IndexMiB)> PlainAsync(FeedFarm farm, Arguments options, string index)
    {
        var plain = await ServiceBenchmark.PlainIngestAsync(farm, options.Feeds, index);
        return (plain.Seconds, plain.CpuSeconds, plain.Memory, ServiceBenchmark.FolderMiB(index));
    }

    private static async Task<(double Seconds, double Cpu, MemoryPeaks Memory, double IndexMiB)> ServiceAsync(FeedFarm farm, Arguments options, string work, string? build, IReadOnlyDictionary<string, string> settings)
    {
        var config = Directory.CreateDirectory(Path.Combine(work, "config")).FullName;
        await File.WriteAllTextAsync(Path.Combine(config, "feeds.json"), farm.FeedsJson(TimeSpan.FromHours(1)));
        await using var service = ServiceProcess.Start(config, Path.Combine(work, "data"), options.Verbose, settings, build);
        await service.WaitUntilUpAsync();
        await service.WaitUntilSearchableAsync(options.Articles);
        var seconds = (DateTime.UtcNow - farm.FirstHitAt!.Value).TotalSeconds;
        var result = (seconds, service.CpuSeconds(), service.Memory, ServiceBenchmark.FolderMiB(Path.Combine(work, "data", "index")));
        farm.ResetHits();
        return result;
    }
}
