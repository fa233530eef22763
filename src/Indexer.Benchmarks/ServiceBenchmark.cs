using System.Diagnostics;
using System.Globalization;
using Indexer.Feeds;
using Indexer.Feeds.Fetching;
using Indexer.Feeds.Parsing;

namespace Indexer.Benchmarks;

/// <summary>
/// The service end to end, as operators run it (issues 2, 5 and 11): the corpus repeated to N articles, served as
/// local RSS feeds, ingested by the service as its own process from its start until every article is searchable;
/// its memory, its files, a restart, /search under 16 clients with the realistic query mix, and a full rebuild.
/// Every figure beside plain Lucene.Net doing the same job in the same run (<see cref="PlainLuceneService"/>, its
/// own process too), and the ingest beside the service's fetch and parse code alone.
/// </summary>
internal static class ServiceBenchmark
{
    public static async Task RunAsync(IReadOnlyList<CorpusDocument> corpus, Arguments options)
    {
        Console.WriteLine($"corpus: {corpus.Count} documents; articles: {options.Articles}; feeds: {options.Feeds}; machine: {System.Environment.ProcessorCount} cores, " +
                          $"load average {EngineBenchmark.LoadAverage()} at the start");
        await using var farm = await FeedFarm.StartAsync(corpus, options.Articles, options.Feeds);
        Console.WriteLine($"feeds served: {farm.FeedCount} on {farm.BaseUrl}, {farm.TotalBytes / 1048576.0:F1} MiB of RSS");
        var table = new List<(string What, string Service, string Plain)>();

        var work = Directory.CreateTempSubdirectory("indexer-bench-");
        try
        {
            var fetchParse = await FetchAndParseOnlyAsync(farm);
            Console.WriteLine($"fetch+parse only: {fetchParse.Articles} articles in {fetchParse.Seconds:F1} s = {fetchParse.Articles / fetchParse.Seconds:F0} articles/s");

            var plainIndex = Path.Combine(work.FullName, "plain-index");
            var plain = await PlainIngestAsync(farm, options.Feeds, plainIndex);
            Console.WriteLine($"plain Lucene.Net ingest: {plain.Articles} articles in {plain.Seconds:F1} s = {plain.Articles / plain.Seconds:F0} articles/s; peak memory {plain.Memory} " +
                              $"(load average {EngineBenchmark.LoadAverage()})");

            var config = Directory.CreateDirectory(Path.Combine(work.FullName, "config")).FullName;
            var data = Path.Combine(work.FullName, "data");
            await File.WriteAllTextAsync(Path.Combine(config, "feeds.json"), farm.FeedsJson(TimeSpan.FromHours(1)));

            double ingestSeconds, fromFirstFetch;
            MemoryPeaks ingestMemory;
            (string, string, string) mergeRow;
            await using (var service = ServiceProcess.Start(config, data, options.Verbose, ServiceSettings(options)))
            {
                var stopwatch = Stopwatch.StartNew();
                await service.WaitUntilUpAsync();
                await service.WaitUntilSearchableAsync(options.Articles);
                ingestSeconds = stopwatch.Elapsed.TotalSeconds;
                fromFirstFetch = (DateTime.UtcNow - farm.FirstHitAt!.Value).TotalSeconds;
                ingestMemory = service.Memory;
                Console.WriteLine($"service ingest: {options.Articles} articles searchable {ingestSeconds:F1} s after its start, {fromFirstFetch:F1} s after the first fetch " +
                                  $"= {options.Articles / fromFirstFetch:F0} articles/s; peak memory {ingestMemory} (load average {EngineBenchmark.LoadAverage()})");
                // Once quiet, the service merges what the ingest wrote into one segment (Indexing:CompactAfterChanges);
                // a reader's searches after a bulk load meet the merged index, so the figures below are of that one.
                var merging = Stopwatch.StartNew();
                var (segmentsBefore, segmentsAfter) = await service.WaitUntilMergedAsync(1, TimeSpan.FromMinutes(15));
                Console.WriteLine($"service merge after the ingest: {segmentsBefore} segments into {segmentsAfter}, done {merging.Elapsed.TotalSeconds:F1} s after all were searchable " +
                                  $"(30 s of quiet first); peak memory through the merge {service.Memory}; the plain index has {PlainSegments(plainIndex)} segments");
                mergeRow = ("segments after the ingest, merged once quiet (service)", $"{segmentsBefore} → {segmentsAfter}, {merging.Elapsed.TotalSeconds:F0} s after the ingest", $"{PlainSegments(plainIndex)}");
            }
            table.Add(("ingest, first fetch to all searchable", Rate(options.Articles, fromFirstFetch), Rate(plain.Articles, plain.Seconds) + " (searchable only at the end)"));
            table.Add(mergeRow);
            table.Add(("peak memory while ingesting: VmHWM (own: RssAnon; mapped files: RssFile)", ingestMemory.ToString(), plain.Memory.ToString()));
            var storeBytes = Directory.EnumerateFiles(data, "articles.db*").Sum(f => new FileInfo(f).Length);
            table.Add(("on disk: store + index", $"{storeBytes / 1048576.0:F0} + {FolderMiB(Path.Combine(data, "index")):F0} MiB", $"— + {FolderMiB(plainIndex):F0} MiB"));

            // Stopped with SIGTERM above; the next start must resume, not rebuild. It then serves the load.
            var paths = QueryMix.Create(corpus, options.Feeds).Select(QueryMix.Path).ToList();
            var restartedAt = DateTimeOffset.UtcNow;
            LoadResult? plainLoad = null;
            await using (var restarted = ServiceProcess.Start(config, data, options.Verbose, ServiceSettings(options)))
            {
                var stopwatch = Stopwatch.StartNew();
                await restarted.WaitUntilUpAsync();
                var up = stopwatch.Elapsed.TotalSeconds;
                await restarted.WaitUntilSearchableAsync(options.Articles);
                var caughtUp = stopwatch.Elapsed.TotalSeconds;
                // The plain figure ends at its first answer; so does this one (the first search loads per-segment data).
                using (await restarted.Client.GetAsync(FirstSearch)) { }
                var restart = stopwatch.Elapsed.TotalSeconds;
                Console.WriteLine($"service restart: HTTP up {up:F1} s, every article searchable {caughtUp:F1} s, first search answered {restart:F1} s after the process started");
                // Each feed's hourly interval counts from its last fetch, kept across the restart: until session 6 a
                // start fetched every feed at once, at a million articles 2.2 GB of feeds parsed beside the loads below.
                var (fetched, feeds) = await restarted.FeedsFetchedSinceAsync(restartedAt);
                Console.WriteLine($"service restart: feeds fetched again since the start: {fetched} of {feeds}");
                await using var plainServer = await PlainServer.StartAsync(plainIndex);
                table.Add(("restart to first search answered, no rebuild", $"{restart:F1} s", $"{plainServer.StartSeconds:F1} s (open the index, answer)"));

                // Warm both (JIT, page cache), then measure each alone, service first.
                await LoadRunner.RunAsync("warm-up", restarted.Client, paths, options.Clients, TimeSpan.FromSeconds(3));
                await LoadRunner.RunAsync("warm-up", plainServer.Client, paths, options.Clients, TimeSpan.FromSeconds(3));
                var gcBefore = await GcFiguresAsync(restarted.Client);
                var ours = await LoadRunner.RunAsync("/search (service)", restarted.Client, paths, options.Clients, options.Duration);
                var gcAfter = await GcFiguresAsync(restarted.Client);
                var theirs = plainLoad = await LoadRunner.RunAsync("/search (plain)", plainServer.Client, paths, options.Clients, options.Duration);
                // The floor of the tail on this machine: the same clients on an endpoint that does no work.
                var floor = await LoadRunner.RunAsync("/health/live (service)", restarted.Client, ["/health/live"], options.Clients, TimeSpan.FromSeconds(Math.Min(5, options.Duration.TotalSeconds)));
                Console.WriteLine($"load: {options.Clients} clients, {options.Duration.TotalSeconds:F0} s each, the query mix ({paths.Count} requests), load average {EngineBenchmark.LoadAverage()}");
                Console.WriteLine("  endpoint              requests  errors    req/s    p50 ms   p95 ms   p99 ms");
                foreach (var r in new[] { ours, theirs, floor })
                    Console.WriteLine($"  {r.Name,-20} {r.Requests,9} {r.Errors,7} {r.PerSecond,8:F0} {r.P50Ms,9:F1} {r.P95Ms,8:F1} {r.P99Ms,8:F1}");
                Console.WriteLine($"  the service's garbage collections during its /search load: {gcAfter.Collections - gcBefore.Collections} (gen 2: {gcAfter.Gen2 - gcBefore.Gen2}), " +
                                  $"{(gcAfter.PauseSeconds - gcBefore.PauseSeconds) * 1000:F0} ms paused in {options.Duration.TotalSeconds:F0} s");
                foreach (var r in new[] { ours, theirs })
                {
                    Console.WriteLine($"  {r.Name}: {r.Tail.Sum(t => t.Times)} requests slower than p99, {r.Tail.Count} distinct; the most repeated:");
                    foreach (var (path, times, max) in r.Tail.Take(5))
                        Console.WriteLine($"    {times,4}× up to {max,6:F1} ms  {Uri.UnescapeDataString(path)}");
                }
                table.Add(($"/search, {options.Clients} clients, query mix", Load(ours), Load(theirs)));
                table.Add(("peak memory, restart + serving: VmHWM (own; mapped files)", restarted.Memory.ToString(), plainServer.Memory.ToString()));
                Console.WriteLine($"  the service answers {ours.PerSecond / theirs.PerSecond:F2}× the plain path's requests per second; its p99 is {ours.P99Ms / ours.P50Ms:F1}× its p50");
            }

            // The mix repeats its 400 requests, so the figure above is mostly the result cache answering; readers'
            // searches repeat less. The same service without it shows what the index itself answers.
            await using (var uncached = ServiceProcess.Start(config, data, options.Verbose, WithVariant(ServiceSettings(options), "Search:ResultCacheSize=0")))
            {
                await uncached.WaitUntilUpAsync();
                await uncached.WaitUntilSearchableAsync(options.Articles);
                await LoadRunner.RunAsync("warm-up", uncached.Client, paths, options.Clients, TimeSpan.FromSeconds(3));
                var load = await LoadRunner.RunAsync("/search (service, no result cache)", uncached.Client, paths, options.Clients, options.Duration);
                Console.WriteLine($"  {load.Name}: {load.Requests} requests, {load.Errors} errors, {load.PerSecond:F0} req/s, p50 {load.P50Ms:F1} ms, p95 {load.P95Ms:F1} ms, p99 {load.P99Ms:F1} ms: " +
                                  $"{load.PerSecond / plainLoad!.PerSecond:F2}× the plain path's requests per second; p99 {load.P99Ms / load.P50Ms:F1}× p50 (plain: {plainLoad.P99Ms / plainLoad.P50Ms:F1}×)");
                table.Add(($"/search, {options.Clients} clients, query mix, without the result cache (Search:ResultCacheSize=0)", Load(load), Load(plainLoad)));
            }

            var rebuild = await ReindexAsync(config, data, options);
            var plainRebuild = await PlainRebuildAsync(data, Path.Combine(work.FullName, "plain-rebuild"));
            table.Add(("full rebuild from the store", $"{rebuild:F1} s = {Rate(options.Articles, rebuild)}", $"{plainRebuild:F1} s = {Rate(options.Articles, plainRebuild)} (one thread)"));

            Console.WriteLine();
            Console.WriteLine($"| {options.Articles:N0} articles | service | plain Lucene.Net |");
            Console.WriteLine("|---|---|---|");
            foreach (var (what, service, plainFigure) in table) Console.WriteLine($"| {what} | {service} | {plainFigure} |");
            Console.WriteLine($"load average at the end: {EngineBenchmark.LoadAverage()}");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    internal sealed record GcFigures(double Collections, double Gen2, double PauseSeconds);

    internal static async Task<GcFigures> GcFiguresAsync(HttpClient client)
    {
        var lines = (await client.GetStringAsync("/metrics")).Split('\n');
        double Sum(string prefix) => lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        return new GcFigures(Sum("dotnet_collection_count_total{"), Sum("dotnet_collection_count_total{generation=\"2\"}"), Sum("dotnet_gc_pause_seconds_total "));
    }

    private static readonly string FirstSearch = "/search?q=" + Uri.EscapeDataString("સમાચાર");

    /// <summary>
    /// <paramref name="settings"/> with a variant's settings over them: "Section:Key=value", or the runtime's
    /// "DOTNET_Name=value"; several separated by commas ("DOTNET_GCgen0size=0,DOTNET_GCgen0MaxBudget=0x8000000").
    /// </summary>
    internal static Dictionary<string, string> WithVariant(IReadOnlyDictionary<string, string> settings, string? variant)
    {
        var result = new Dictionary<string, string>(settings);
        foreach (var setting in variant?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
        {
            var pair = setting.Split('=', 2);
            if (pair.Length != 2) throw new ArgumentException($"--variant: \"{setting}\" is not Key=value");
            result[pair[0].Replace(":", "__", StringComparison.Ordinal)] = pair[1];
        }
        return result;
    }

    internal static Dictionary<string, string> ServiceSettings(Arguments options)
    {
        // The feeds are the benchmark's own: the cap on a publisher's response size would cut the large ones.
        var environment = new Dictionary<string, string> { ["Fetching__MaxResponseBytes"] = FeedFarm.MaxFeedBytes.ToString(CultureInfo.InvariantCulture) };
        foreach (var (key, value) in options.Settings) environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return environment;
    }

    private static int PlainSegments(string indexPath)
    {
        using var directory = Lucene.Net.Store.FSDirectory.Open(indexPath);
        using var reader = Lucene.Net.Index.DirectoryReader.Open(directory);
        return reader.Leaves.Count;
    }

    private static string Rate(double articles, double seconds) => $"{articles / seconds:N0} articles/s";

    private static string Load(LoadResult r) => $"{r.PerSecond:F0} req/s, p50 {r.P50Ms:F1} ms, p99 {r.P99Ms:F1} ms";

    internal static double FolderMiB(string path) =>
        new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1048576.0;

    public static async Task<(int Articles, double Seconds)> FetchAndParseOnlyAsync(FeedFarm farm)
    {
        await using var provider = FeedFarm.FetchingServices();
        var fetcher = provider.GetRequiredService<IFeedFetcher>();
        var parser = provider.GetRequiredService<IFeedParser>();
        var stopwatch = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(ServiceFetches);
        var counts = await Task.WhenAll(Enumerable.Range(0, farm.FeedCount).Select(async n =>
        {
            await gate.WaitAsync();
            try
            {
                var fetched = await fetcher.FetchAsync(new FetchRequest(new Uri($"{farm.BaseUrl}/feed/{n}.xml")), CancellationToken.None);
                return parser.Parse(fetched.Body!, fetched.FinalUrl, fetched.ContentType).Items.Count;
            }
            finally
            {
                gate.Release();
            }
        }));
        farm.ResetHits();
        return (counts.Sum(), stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>As many fetches at once as the service makes by default (Fetching:MaxConcurrentFetches).</summary>
    internal const int ServiceFetches = 4;

    internal static async Task<(int Articles, double Seconds, double CpuSeconds, MemoryPeaks Memory)> PlainIngestAsync(FeedFarm farm, int feeds, string indexPath)
    {
        var (output, memory) = await RunSelfAsync(["plain-ingest", farm.BaseUrl, feeds.ToString(CultureInfo.InvariantCulture), indexPath, ServiceFetches.ToString(CultureInfo.InvariantCulture)]);
        farm.ResetHits();
        var parts = output.Split(' ').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        // Its own VmHWM, read at its end, may be above the last sample.
        return ((int)parts[0], parts[1], parts[3], memory with { Hwm = Math.Max(memory.Hwm, parts[2]) });
    }

    /// <summary>The service's own <c>reindex</c> command on the stopped service's data; seconds from its start to its end.</summary>
    private static async Task<double> ReindexAsync(string config, string data, Arguments options)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Indexer.dll"));
        start.ArgumentList.Add("reindex");
        start.Environment["INDEXER_CONFIG_DIR"] = config;
        start.Environment["Storage__DataDirectory"] = data;
        foreach (var (key, value) in ServiceSettings(options)) start.Environment[key] = value;
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var result = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"reindex failed: {await stderr}");
        Console.WriteLine($"service reindex: {result.Trim()} (load average {EngineBenchmark.LoadAverage()})");
        return stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Plain Lucene.Net rebuilding from the same store: one thread, in order, one commit.</summary>
    private static async Task<double> PlainRebuildAsync(string data, string indexPath)
    {
        await using var storage = await BenchmarkStorage.OpenAsync(data);
        var stopwatch = Stopwatch.StartNew();
        await EngineBenchmark.SingleThreadedApplyAsync(storage.Articles, indexPath);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"plain rebuild: {seconds:F1} s (load average {EngineBenchmark.LoadAverage()})");
        return seconds;
    }

    /// <summary>Runs this benchmark program with a verb of its own; returns its last line of output and its memory.</summary>
    internal static async Task<(string LastLine, MemoryPeaks Memory)> RunSelfAsync(IReadOnlyList<string> arguments)
    {
        var start = SelfStart();
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var memory = new MemorySampler(process.Id);
        var output = await process.StandardOutput.ReadToEndAsync();
        // Read before it exits: the kernel's peak goes with the process.
        var peaks = memory.Peaks;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{arguments[0]} exited with {process.ExitCode}");
        return (output.Trim().Split('\n')[^1], peaks);
    }

    /// <summary>This program again: its apphost as <c>dotnet run</c> starts it, or <c>dotnet</c> and its dll.</summary>
    private static ProcessStartInfo SelfStart()
    {
        var start = new ProcessStartInfo(System.Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(System.Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(ServiceBenchmark).Assembly.Location);
        return start;
    }

    /// <summary><c>plain-serve</c> as a process of its own, on the plain index.</summary>
    private sealed class PlainServer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly MemorySampler _memory;

        private PlainServer(Process process, string url)
        {
            _process = process;
            _memory = new MemorySampler(process.Id);
            Client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        }

        public HttpClient Client { get; }

        /// <summary>From the process's start until its first search answered.</summary>
        public double StartSeconds { get; private set; }

        public static async Task<PlainServer> StartAsync(string indexPath)
        {
            var stopwatch = Stopwatch.StartNew();
            var start = SelfStart();
            start.ArgumentList.Add("plain-serve");
            start.ArgumentList.Add(indexPath);
            start.Environment["DOTNET_gcServer"] = "0";
            var process = Process.Start(start)!;
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("listening ", StringComparison.Ordinal)) { }
            if (line is null) throw new InvalidOperationException("plain-serve did not start");
            var server = new PlainServer(process, line["listening ".Length..]);
            using (await server.Client.GetAsync(FirstSearch)) { }
            server.StartSeconds = stopwatch.Elapsed.TotalSeconds;
            return server;
        }

        public MemoryPeaks Memory => _memory.Peaks;

        public ValueTask DisposeAsync()
        {
            _memory.Dispose();
            Client.Dispose();
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit(10_000);
            _process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
