using System.Globalization;

namespace Indexer.Benchmarks;

/// <summary>
/// The /search load alone (issue 11's "no long tail"), for trying a service setting or another build: a store of N
/// articles written directly (no feeds to ingest), then the service as its own process on it, once as given and
/// once with the variant setting or as the --baseline-build, alternating round by round, each under the query mix from 16 clients, with the requests slower
/// than p99, the garbage collections during the load, and the same clients on /health/live as the machine's floor.
/// </summary>
internal static class SearchLoadBenchmark
{
    /// <param name="keep">A folder to keep the store and index in, and to reuse when a run with the same article count
    /// left them there: at a million, writing and indexing them takes longer than the runs that compare settings.</param>
    public static async Task RunAsync(IReadOnlyList<CorpusDocument> corpus, Arguments options, string? variant, int rounds, string? keep)
    {
        var work = keep is null ? Directory.CreateTempSubdirectory("indexer-search-load-") : Directory.CreateDirectory(keep);
        try
        {
            var data = Path.Combine(work.FullName, "data");
            var written = Path.Combine(work.FullName, "written");
            var reused = File.Exists(written) && await File.ReadAllTextAsync(written) == options.Articles.ToString(CultureInfo.InvariantCulture);
            if (!reused)
            {
                if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
                await using (var storage = await BenchmarkStorage.OpenAsync(data))
                    await EngineBenchmark.FillAsync(storage.Articles, corpus, options.Articles);
            }
            var config = Directory.CreateDirectory(Path.Combine(work.FullName, "config")).FullName;
            // The feeds the mix filters by are configured (an unknown feed id costs a store count); nothing answers
            // on port 9, so the one fetch each gets at the start fails at once and the load runs on a quiet service.
            await File.WriteAllTextAsync(Path.Combine(config, "feeds.json"), System.Text.Json.JsonSerializer.Serialize(new
            {
                feeds = Enumerable.Range(0, EngineBenchmark.Feeds).Select(n => new { id = $"bench-{n:000}", url = $"http://127.0.0.1:9/{n}.xml", interval = "01:00:00", fullText = "never" }),
            }));

            var baseline = ServiceBenchmark.ServiceSettings(options);
            var other = ServiceBenchmark.WithVariant(baseline, variant);
            // The first start builds the index from the store; every measured start then opens it.
            await using (var first = ServiceProcess.Start(config, data, options.Verbose, baseline))
            {
                await first.WaitUntilUpAsync();
                await first.WaitUntilSearchableAsync(options.Articles);
            }
            if (keep is not null) await File.WriteAllTextAsync(written, options.Articles.ToString(CultureInfo.InvariantCulture));

            var paths = QueryMix.Create(corpus, EngineBenchmark.Feeds).Select(QueryMix.Path).ToList();
            // For an outside load tool (wrk) to replay the same mix on the kept store.
            if (keep is not null) await File.WriteAllLinesAsync(Path.Combine(work.FullName, "paths.txt"), paths);
            Console.WriteLine($"search load: {options.Articles} articles, {options.Clients} clients, {options.Duration.TotalSeconds:F0} s each, " +
                              $"the query mix ({paths.Count} requests); variant: {variant ?? "none"}; variant's build: {options.Baseline ?? "this one"}");
            Console.WriteLine("  round  settings   req/s    p50 ms   p95 ms   p99 ms  p99/p50  tail paths (bursts)  GCs (gen 2)  GC paused  floor p50/p99 ms  load");
            for (var round = 1; round <= rounds; round++)
            {
                var order = round % 2 == 1 ? new[] { ("given", baseline), ("variant", other) } : new[] { ("variant", other), ("given", baseline) };
                foreach (var (name, settings) in order)
                {
                    if (variant is null && options.Baseline is null && name == "variant") continue;
                    await using var service = ServiceProcess.Start(config, data, options.Verbose, settings, name == "variant" ? options.Baseline : null);
                    await service.WaitUntilUpAsync();
                    await service.WaitUntilSearchableAsync(options.Articles);
                    await LoadRunner.RunAsync("warm-up", service.Client, paths, options.Clients, TimeSpan.FromSeconds(3));
                    var before = await ServiceBenchmark.GcFiguresAsync(service.Client);
                    var load = await LoadRunner.RunAsync(name, service.Client, paths, options.Clients, options.Duration);
                    var after = await ServiceBenchmark.GcFiguresAsync(service.Client);
                    var floor = await LoadRunner.RunAsync("floor", service.Client, ["/health/live"], options.Clients, TimeSpan.FromSeconds(5));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {round,5}  {name,-8} {load.PerSecond,7:F0} {load.P50Ms,9:F1} {load.P95Ms,8:F1} {load.P99Ms,8:F1} {load.P99Ms / load.P50Ms,7:F1}× {load.Tail.Count,11} ({load.TailBursts,5}) " +
                        $"{after.Collections - before.Collections,6:F0} ({after.Gen2 - before.Gen2:F0}) {(after.PauseSeconds - before.PauseSeconds) * 1000,8:F0} ms {floor.P50Ms,8:F1}/{floor.P99Ms:F1}  {EngineBenchmark.LoadAverage()}"));
                    foreach (var (path, times, max) in load.Tail.Take(3))
                            Console.WriteLine($"           {times,4}× up to {max,6:F1} ms  {Uri.UnescapeDataString(path)}");
                }
            }
        }
        finally
        {
            if (keep is null) work.Delete(recursive: true);
        }
    }
}
