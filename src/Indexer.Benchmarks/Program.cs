using System.Diagnostics;
using System.Text.Json;
using Indexer.Benchmarks;
using Indexer.Feeds;
using Indexer.Feeds.Fetching;
using Indexer.Feeds.Parsing;

// End-to-end benchmarks (issue 2 and 5): ingestion of the shared corpus repeated to N articles, served as local
// feeds, measured from the service's start to all articles searchable, beside a fetch+parse-only baseline; then
// /search under concurrent clients beside /health/live, the floor of the HTTP stack, in the same run.
// `operators` instead measures the default query operator on the evaluation query set (no load, no processes).
// `engine` measures, in this process, a rebuild on every core beside single-threaded apply, then searches beside
// plain Lucene.Net with the classic highlighter.
// `cluster` measures several instances on one PostgreSQL (issue 9; see ClusterBenchmark).
// `alerts` measures ingestion with 1,000 alerts beside ingestion without, alternating in one run.
// `transliteration` measures Latin-script queries: quality, indexing and query time beside the same service
// without the phonetic keys.
// `extraction` measures page extraction on the page set beside plain SmartReader; `pages` the ingest of a
// summary-only feed set end to end, with the pages' stories beside the feeds' sentences alone.
if (args.Length > 0 && args[0] == "pages")
{
    var pageArgs = Arguments.Parse(args[1..]);
    await PageIngestBenchmark.RunAsync(pageArgs.Articles, pageArgs.Feeds, null);
    return;
}
if (args.Length > 0 && args[0] == "extraction")
{
    ExtractionEvaluation.Run(args.Length > 1 && !args[1].StartsWith('-') ? args[1] : null, seconds: 5);
    return;
}
var verb = args.Length > 0 && args[0] is "operators" or "engine" or "cluster" or "alerts" or "transliteration" ? args[0] : null;
var options = Arguments.Parse(verb is null ? args : args[1..]);
var corpus = BenchmarkCorpus.Load(options.Corpus);
if (verb == "operators")
{
    await OperatorEvaluation.RunAsync(corpus);
    return;
}
if (verb == "transliteration")
{
    await TransliterationBenchmark.RunAsync(corpus, options.Repeat, options.Rounds);
    return;
}
if (verb == "alerts")
{
    var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(2);
    await AlertsBenchmark.RunAsync(corpus, options.Articles, options.Feeds, rounds);
    return;
}
if (verb == "engine")
{
    await EngineBenchmark.RunAsync(corpus, options.Articles, options.Clients, options.Duration);
    return;
}
if (verb == "cluster")
{
    Console.WriteLine($"corpus: {corpus.Count} documents; articles: {options.Articles}; feeds: {options.Feeds}; instances: {options.Instances}; machine: {Environment.ProcessorCount} cores, shared");
    await using var clusterFarm = await FeedFarm.StartAsync(corpus, options.Articles, options.Feeds);
    await ClusterBenchmark.RunAsync(clusterFarm, options.Articles, options.Instances, options.Clients, options.Duration, QueryPaths(corpus));
    return;
}
Console.WriteLine($"corpus: {corpus.Count} documents; articles: {options.Articles}; feeds: {options.Feeds}; machine: {Environment.ProcessorCount} cores");

await using var farm = await FeedFarm.StartAsync(corpus, options.Articles, options.Feeds);
Console.WriteLine($"feeds served: {farm.FeedCount} on {farm.BaseUrl}, {farm.TotalBytes / 1024.0 / 1024.0:F1} MiB of RSS");

var baseline = await FetchAndParseOnlyAsync(farm);
Console.WriteLine($"baseline  fetch+parse only:          {baseline.Articles,7} articles in {baseline.Seconds,6:F1} s = {baseline.Articles / baseline.Seconds,8:F0} articles/s");

var work = Directory.CreateTempSubdirectory("indexer-bench-");
try
{
    var config = Directory.CreateDirectory(Path.Combine(work.FullName, "config")).FullName;
    var data = Path.Combine(work.FullName, "data");
    await File.WriteAllTextAsync(Path.Combine(config, "feeds.json"), farm.FeedsJson(TimeSpan.FromHours(1)));

    double ingestSeconds;
    await using (var service = ServiceProcess.Start(config, data, options.Verbose))
    {
        var stopwatch = Stopwatch.StartNew();
        await service.WaitUntilUpAsync();
        await service.WaitUntilSearchableAsync(options.Articles);
        ingestSeconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"service   fetch→store→index→search: {options.Articles,7} articles in {ingestSeconds,6:F1} s = {options.Articles / ingestSeconds,8:F0} articles/s " +
                          $"({options.Articles / ingestSeconds / (baseline.Articles / baseline.Seconds):P0} of baseline); peak memory {service.PeakMemoryMiB():F0} MiB");

        var queries = QueryPaths(corpus);
        var floor = await LoadRunner.RunAsync("/health/live", service.Client, ["/health/live"], options.Clients, options.Duration);
        var search = await LoadRunner.RunAsync("/search", service.Client, queries, options.Clients, options.Duration);
        Console.WriteLine($"load: {options.Clients} concurrent clients, {options.Duration.TotalSeconds:F0} s each, {options.Articles} articles indexed");
        Console.WriteLine("  endpoint        requests  errors    req/s    p50 ms   p95 ms   p99 ms");
        foreach (var r in new[] { floor, search })
            Console.WriteLine($"  {r.Name,-14} {r.Requests,9} {r.Errors,7} {r.PerSecond,8:F0} {r.P50Ms,9:F1} {r.P95Ms,8:F1} {r.P99Ms,8:F1}");
        Console.WriteLine($"  /search p50 is {search.P50Ms / floor.P50Ms:F1}× the /health/live floor");
    }

    // Stopped with SIGTERM above; the next start must resume, not rebuild.
    await using (var restarted = ServiceProcess.Start(config, data))
    {
        var stopwatch = Stopwatch.StartNew();
        await restarted.WaitUntilUpAsync();
        await restarted.WaitUntilSearchableAsync(options.Articles);
        Console.WriteLine($"restart: searchable again in {stopwatch.Elapsed.TotalSeconds:F1} s (first ingest took {ingestSeconds:F1} s)");
    }
}
finally
{
    work.Delete(recursive: true);
}

static async Task<(int Articles, double Seconds)> FetchAndParseOnlyAsync(FeedFarm farm)
{
    var configuration = new ConfigurationBuilder().Build();
    // A container of its own on purpose: the baseline uses the service's fetch and parse registration, nothing else.
#pragma warning disable ASP0000
    await using var provider = new ServiceCollection().AddLogging().AddFeedFetching(configuration).BuildServiceProvider();
#pragma warning restore ASP0000
    var fetcher = provider.GetRequiredService<IFeedFetcher>();
    var parser = provider.GetRequiredService<IFeedParser>();
    var stopwatch = Stopwatch.StartNew();
    var counts = await Task.WhenAll(Enumerable.Range(0, farm.FeedCount).Select(async n =>
    {
        var fetched = await fetcher.FetchAsync(new FetchRequest(new Uri($"{farm.BaseUrl}/feed/{n}.xml")), CancellationToken.None);
        return parser.Parse(fetched.Body!, fetched.FinalUrl, fetched.ContentType).Items.Count;
    }));
    return (counts.Sum(), stopwatch.Elapsed.TotalSeconds);
}

static IReadOnlyList<string> QueryPaths(IReadOnlyList<CorpusDocument> corpus)
{
    // Words people search for: the first two words of titles across the corpus, one and two at a time.
    var rng = new Random(42);
    return Enumerable.Range(0, 200).Select(_ =>
    {
        // Only letters and vowel signs: a title's brackets or quotes would be (correctly) refused as syntax.
        var words = corpus[rng.Next(corpus.Count)].Title.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(c => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark).ToArray()))
            .Where(w => w.Length > 0).DefaultIfEmpty("સમાચાર").ToArray();
        var q = rng.Next(2) == 0 || words.Length < 2 ? words[0] : words[0] + " " + words[1];
        return "/search?q=" + Uri.EscapeDataString(q);
    }).ToList();
}

internal sealed record Arguments(int Articles, int Feeds, int Clients, TimeSpan Duration, string? Corpus, bool Verbose, int Instances, int Repeat, int Rounds)
{
    public static Arguments Parse(string[] args)
    {
        var verbose = args.Contains("--verbose");
        args = args.Where(a => a != "--verbose").ToArray();
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v) : fallback;
        return new Arguments(Int("articles", 50_000), Int("feeds", 100), Int("clients", 16),
            TimeSpan.FromSeconds(Int("seconds", 20)), values.GetValueOrDefault("corpus"), verbose, Int("instances", 3),
            Int("repeat", 20), Int("rounds", 7));
    }
}
