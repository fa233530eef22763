using System.Diagnostics;
using System.Text.Json;
using Indexer.Benchmarks;
using Indexer.Feeds;
using Indexer.Feeds.Fetching;
using Indexer.Feeds.Parsing;

// End-to-end benchmark (issues 2, 5 and 11; ServiceBenchmark): ingestion of the shared corpus repeated to N
// articles, served as local feeds, to all articles searchable, memory, disk, restart, /search under 16 clients with
// the realistic query mix and a full rebuild, each beside plain Lucene.Net doing the same job in the same run.
// `operators` instead measures the default query operator on the evaluation query set (no load, no processes).
// `engine` measures, in this process, a rebuild on every core beside single-threaded apply, then searches beside
// plain Lucene.Net with the classic highlighter.
// `search-load` measures /search under 16 clients alone, with a service setting beside its variant (--variant Key=value[,Key=value]).
// `cluster` measures several instances on one PostgreSQL (issue 9; see ClusterBenchmark).
// `ingest` measures the ingest alone, plain Lucene.Net's beside the service's in alternating rounds, with CPU time
// (and beside a --baseline-build, or the same build with --variant Key=value[,Key=value]).
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
// The plain Lucene.Net baseline of the default benchmark runs as processes of its own (see PlainLuceneService).
if (args.Length == 5 && args[0] == "plain-ingest")
{
    await PlainLuceneService.IngestAsync(args[1], int.Parse(args[2]), args[3], int.Parse(args[4]));
    return;
}
if (args.Length == 2 && args[0] == "plain-serve")
{
    await PlainLuceneService.ServeAsync(args[1]);
    return;
}
if (args.Length > 0 && args[0] == "extraction")
{
    ExtractionEvaluation.Run(args.Length > 1 && !args[1].StartsWith('-') ? args[1] : null, seconds: 5);
    return;
}
var verb = args.Length > 0 && args[0] is "operators" or "engine" or "search-load" or "cluster" or "alerts" or "transliteration" or "ingest" ? args[0] : null;
var options = Arguments.Parse(verb is null ? args : args[1..]);
var corpus = BenchmarkCorpus.Load(options.Corpus);
if (verb == "operators")
{
    await OperatorEvaluation.RunAsync(corpus);
    return;
}
if (verb == "ingest")
{
    await IngestBenchmark.RunAsync(corpus, options);
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
    await AlertsBenchmark.RunAsync(corpus, options.Articles, options.Feeds, rounds, options.Baseline);
    return;
}
if (verb == "search-load")
{
    var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(2);
    await SearchLoadBenchmark.RunAsync(corpus, options, options.Variant, rounds,
        args.SkipWhile(a => a != "--keep").Skip(1).FirstOrDefault());
    return;
}
if (verb == "engine")
{
    var keep = args.SkipWhile(a => a != "--keep").Skip(1).FirstOrDefault();
    if (keep is not null && (!File.Exists(Path.Combine(keep, "written")) || File.ReadAllText(Path.Combine(keep, "written")) != options.Articles.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        throw new ArgumentException($"--keep {keep}: no store of {options.Articles} articles there; search-load --keep {keep} --articles {options.Articles} writes one");
    await EngineBenchmark.RunAsync(corpus, options.Articles, options.Clients, options.Duration, options.Indexing,
        args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(3), keep is null ? null : Path.Combine(keep, "data"));
    return;
}
if (verb == "cluster")
{
    Console.WriteLine($"corpus: {corpus.Count} documents; articles: {options.Articles}; feeds: {options.Feeds}; instances: {options.Instances}; machine: {Environment.ProcessorCount} cores, shared");
    await using var clusterFarm = await FeedFarm.StartAsync(corpus, options.Articles, options.Feeds);
    await ClusterBenchmark.RunAsync(clusterFarm, options.Articles, options.Instances, options.Clients, options.Duration, QueryPaths(corpus));
    return;
}
await ServiceBenchmark.RunAsync(corpus, options);

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

/// <param name="Settings">Service settings given as --Section:Key=value, passed to the service processes.</param>
/// <param name="Baseline">The `ingest` verb's --baseline-build (as the `alerts` verb's): a folder with another build of the service, run in the same rounds.</param>
/// <param name="Variant">The `ingest` and `search-load` verbs' --variant: settings over <paramref name="Settings"/> for a run of the same build beside it.</param>
internal sealed record Arguments(int Articles, int Feeds, int Clients, TimeSpan Duration, string? Corpus, bool Verbose, int Instances, int Repeat, int Rounds,
    Indexer.Configuration.IndexingOptions Indexing, IReadOnlyDictionary<string, string> Settings, string? Baseline = null, string? Variant = null)
{
    public static Arguments Parse(string[] args)
    {
        var verbose = args.Contains("--verbose");
        // --Section:Key=value, and the runtime's own --DOTNET_Name=value (tiering, GC) for the service processes.
        static bool IsSetting(string a) => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=') && (a.Contains(':') || a.StartsWith("--DOTNET_", StringComparison.Ordinal));
        var settings = args.Where(IsSetting).Select(a => a[2..].Split('=', 2)).ToDictionary(a => a[0], a => a[1]);
        args = args.Where(a => a != "--verbose" && !IsSetting(a)).ToArray();
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v) : fallback;
        var articles = Int("articles", 50_000);
        // A hundred outlets, but no feed over about 2,000 items (5 MB): a million articles come as 500 feeds.
        return new Arguments(articles, Int("feeds", Math.Max(100, articles / 2000)), Int("clients", 16),
            TimeSpan.FromSeconds(Int("seconds", 20)), values.GetValueOrDefault("corpus"), verbose, Int("instances", 3),
            Int("repeat", 20), Int("rounds", 7), IndexingSettings(values), settings, values.GetValueOrDefault("baseline-build"), values.GetValueOrDefault("variant"));
    }

    // The service's indexing settings, for the engine benchmark to try other cadences than the defaults.
    private static Indexer.Configuration.IndexingOptions IndexingSettings(Dictionary<string, string> values)
    {
        var options = new Indexer.Configuration.IndexingOptions();
        if (values.TryGetValue("backfill-refresh", out var backfill)) options.BackfillRefreshInterval = TimeSpan.FromSeconds(double.Parse(backfill, System.Globalization.CultureInfo.InvariantCulture));
        if (values.TryGetValue("threads", out var threads)) options.Threads = int.Parse(threads);
        if (values.TryGetValue("ram-buffer", out var ram)) options.RamBufferMB = double.Parse(ram, System.Globalization.CultureInfo.InvariantCulture);
        return options;
    }
}
