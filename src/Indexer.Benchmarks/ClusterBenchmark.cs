using System.Diagnostics;
using System.Text.Json;

namespace Indexer.Benchmarks;

/// <summary>
/// Issue 9's cluster measurements, every figure beside its baseline in the same run: N instances on one local
/// PostgreSQL ingest the feed farm (beside one instance on SQLite); requests per feed per interval at the feed
/// server (must be 1); the time from a commit to searchable on every instance; and /search throughput with 1, 2
/// and N instances behind round-robin. All processes share this machine's cores, so more instances do not mean
/// more CPU: read the throughput column as what the cluster costs and keeps, not as scaling.
/// </summary>
internal static class ClusterBenchmark
{
    public static async Task RunAsync(FeedFarm farm, int articles, int instances, int clients, TimeSpan duration, IReadOnlyList<string> queries)
    {
        var work = Directory.CreateTempSubdirectory("indexer-cluster-");
        try
        {
            var config = Directory.CreateDirectory(Path.Combine(work.FullName, "config")).FullName;
            // A long interval for the ingest: each feed's first fetch is the whole ingest.
            await File.WriteAllTextAsync(Path.Combine(config, "feeds.json"), farm.FeedsJson(TimeSpan.FromHours(1)));

            var sqlite = await IngestAsync("sqlite, 1 instance", farm, articles, config, [Path.Combine(work.FullName, "sqlite")], new Dictionary<string, string>());
            await DisposeAllAsync(sqlite.Services);

            await using var postgres = await LocalPostgres.StartAsync();
            var shared = new Dictionary<string, string>
            {
                ["Storage__Provider"] = "postgres",
                ["Storage__ConnectionString"] = postgres.ConnectionString,
                ["Scheduling__CheckinInterval"] = "00:00:02",
            };
            var folders = Enumerable.Range(1, instances).Select(i => Path.Combine(work.FullName, $"node-{i}")).ToList();
            farm.ResetHits();
            var cluster = await IngestAsync($"postgres, {instances} instances", farm, articles, config, folders, shared);
            Console.WriteLine($"ingest: {instances} instances on PostgreSQL at {cluster.Rate / sqlite.Rate:P0} of one instance on SQLite; " +
                              $"requests per feed during the ingest: max {farm.Hits.Max()} (1 = each feed fetched once in total)");
            try
            {
                await RequestsPerIntervalAsync(farm, config, TimeSpan.FromSeconds(10), 3);
                await CommitToSearchableAsync(farm, cluster.Services, rounds: 10);
                await ThroughputAsync(cluster.Services, queries, clients, duration);
            }
            finally
            {
                await DisposeAllAsync(cluster.Services);
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private sealed record Ingest(IReadOnlyList<ServiceProcess> Services, double Rate);

    /// <summary>Starts one instance per data folder at once; returns when every one of them can search every article.</summary>
    private static async Task<Ingest> IngestAsync(string name, FeedFarm farm, int articles, string config, IReadOnlyList<string> dataFolders, Dictionary<string, string> environment)
    {
        var stopwatch = Stopwatch.StartNew();
        var services = dataFolders.Select((data, i) => ServiceProcess.Start(config, data, environment: new Dictionary<string, string>(environment)
        {
            ["Scheduling__InstanceId"] = $"node-{i + 1}",
        })).ToList();
        foreach (var service in services) await service.WaitUntilUpAsync();
        await Task.WhenAll(services.Select(s => WaitUntilSearchableAsync(s, articles)));
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"ingest {name,-24} {articles,7} articles stored and searchable on every instance in {seconds,6:F1} s = {articles / seconds,6:F0} articles/s");
        return new Ingest(services, articles / seconds);
    }

    /// <summary>Feeds on a short interval for a few intervals: the feed server counts each feed's requests.</summary>
    private static async Task RequestsPerIntervalAsync(FeedFarm farm, string config, TimeSpan interval, int intervals)
    {
        await File.WriteAllTextAsync(Path.Combine(config, "feeds.json"), farm.FeedsJson(interval, fresh: true));
        // Let the edit reach the shared schedule (config reload, then each feed's first fire), then count.
        await Task.Delay(interval + TimeSpan.FromSeconds(5));
        farm.ResetHits();
        await Task.Delay(interval * intervals);
        var perInterval = farm.Hits.Select(h => h / (double)intervals).ToList();
        Console.WriteLine($"schedule: {farm.FeedCount} feeds every {interval.TotalSeconds:F0} s for {intervals} intervals: requests per feed per interval " +
                          $"mean {perInterval.Average():F2}, min {perInterval.Min():F2}, max {perInterval.Max():F2} (1 = once per interval over the whole cluster)");
    }

    /// <summary>A new article in a feed fetched every second: from the moment the feed server first serves it to searchable, on each instance.</summary>
    private static async Task CommitToSearchableAsync(FeedFarm farm, IReadOnlyList<ServiceProcess> services, int rounds)
    {
        var delays = services.Select(_ => new List<double>()).ToList();
        for (var round = 0; round < rounds; round++)
        {
            var word = $"તાજુંસમાચાર{round}x{Random.Shared.Next(100000, 999999)}";
            farm.Publish(word);
            var found = new bool[services.Count];
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (found.Contains(false) && DateTime.UtcNow < deadline)
            {
                for (var i = 0; i < services.Count; i++)
                {
                    if (found[i] || farm.FreshServedAt is not { } served) continue;
                    var result = JsonDocument.Parse(await services[i].Client.GetStringAsync("/search?size=1&q=" + Uri.EscapeDataString(word))).RootElement;
                    if (result.GetProperty("total").GetInt64() > 0)
                    {
                        found[i] = true;
                        delays[i].Add((DateTime.UtcNow - served).TotalMilliseconds);
                    }
                }
                await Task.Delay(20);
            }
        }
        Console.WriteLine($"commit to searchable ({rounds} new articles, fetched by whichever instance; fetch+parse+store included):");
        for (var i = 0; i < services.Count; i++)
        {
            var sorted = delays[i].Order().ToList();
            Console.WriteLine($"  node-{i + 1}: median {sorted[sorted.Count / 2],6:F0} ms, max {sorted[^1],6:F0} ms ({sorted.Count}/{rounds} found)");
        }
    }

    private static async Task ThroughputAsync(IReadOnlyList<ServiceProcess> services, IReadOnlyList<string> queries, int clients, TimeSpan duration)
    {
        Console.WriteLine($"/search, {clients} clients for {duration.TotalSeconds:F0} s each, round-robin over the instances (same machine, same cores):");
        Console.WriteLine("  instances  requests  errors    req/s    p50 ms   p95 ms   p99 ms");
        for (var n = 1; n <= services.Count; n++)
        {
            var r = await LoadRunner.RunAsync($"{n}", services.Take(n).Select(s => s.Client).ToList(), queries, clients, duration);
            Console.WriteLine($"  {n,9} {r.Requests,9} {r.Errors,7} {r.PerSecond,8:F0} {r.P50Ms,9:F1} {r.P95Ms,8:F1} {r.P99Ms,8:F1}");
        }
    }

    private static async Task WaitUntilSearchableAsync(ServiceProcess service, int articles)
    {
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (DateTime.UtcNow < deadline)
        {
            using var ready = await service.Client.GetAsync("/health/ready");
            var lag = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("indexLag").GetInt64();
            if (lag == 0)
            {
                var documents = await CountDocumentsAsync(service);
                if (documents >= articles) return;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the articles were not all searchable on every instance within 30 minutes");
    }

    /// <summary>Documents in this instance's own index (the metric, not the store's count).</summary>
    private static async Task<long> CountDocumentsAsync(ServiceProcess service)
    {
        var metrics = await service.Client.GetStringAsync("/metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("indexer_index_documents ", StringComparison.Ordinal));
        return line is null ? 0 : (long)double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task DisposeAllAsync(IEnumerable<ServiceProcess> services)
    {
        foreach (var service in services) await service.DisposeAsync();
    }
}
