using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Indexer.Benchmarks;

/// <summary>
/// Issue 13's budget: 1,000 alerts must not slow ingest by more than a quarter. The same corpus, served the same
/// way, is ingested by a fresh service without alerts and with 1,000, alternating, in one run, so both see the same
/// machine (shared cores make absolute numbers drift; the ratio is what counts). Ingest is measured from start to
/// every article searchable, as the main benchmark does; the matcher's own finish (lag 0) is reported beside it.
/// The alerts are what a newsroom writes: 50 single rare words (each matching an article now and then) and 950
/// two-word AND queries of rare words from different articles (candidates by their words, almost never a match),
/// all delivered to a local receiver that answers 204.
/// </summary>
internal static class AlertsBenchmark
{
    public static async Task RunAsync(IReadOnlyList<CorpusDocument> corpus, int articles, int feeds, int rounds)
    {
        rounds = Math.Clamp(rounds, 1, 10);
        Console.WriteLine($"corpus: {corpus.Count} documents; articles: {articles}; feeds: {feeds}; rounds: {rounds}; machine: {Environment.ProcessorCount} cores");
        await using var farm = await FeedFarm.StartAsync(corpus, articles, feeds);
        var alerts = Alerts(corpus, farm.WebhookUrl);
        Console.WriteLine($"alerts: {alerts.Count} (50 single words, 950 two-word AND), webhook {farm.WebhookUrl}");
        MatchInProcess(corpus, alerts);
        Console.WriteLine("  run                  ingest s   articles/s   vs none   CPU s   vs none   matcher done s   matches   delivered");
        var none = new List<double>();
        var with = new List<double>();
        var noneCpu = new List<double>();
        var withCpu = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var withAlerts in new[] { false, true })
            {
                var result = await IngestAsync(farm, articles, withAlerts ? alerts : null);
                (withAlerts ? with : none).Add(result.IngestSeconds);
                (withAlerts ? withCpu : noneCpu).Add(result.IngestCpuSeconds);
                var rate = articles / result.IngestSeconds;
                var ratio = withAlerts ? $"{result.IngestSeconds / none[^1] - 1,8:+0%;-0%}" : "       -";
                var cpuRatio = withAlerts ? $"{result.IngestCpuSeconds / noneCpu[^1] - 1,8:+0%;-0%}" : "       -";
                Console.WriteLine($"  {(withAlerts ? "1,000 alerts" : "no alerts"),-18} {result.IngestSeconds,9:F1} {rate,12:F0} {ratio} {result.IngestCpuSeconds,7:F1} {cpuRatio} " +
                                  $"{(withAlerts ? result.MatchedSeconds.ToString("F1", CultureInfo.InvariantCulture) : "-"),16} {result.Matches,9} {farm.WebhookCalls,11}");
            }
        }
        var slowdown = with.Average() / none.Average() - 1;
        Console.WriteLine($"mean ingest: {none.Average():F1} s without alerts, {with.Average():F1} s with 1,000 alerts: {slowdown:P0} slower (budget: 25 %)");
        Console.WriteLine($"mean service CPU during ingest: {noneCpu.Average():F1} s without alerts, {withCpu.Average():F1} s with: {withCpu.Average() / noneCpu.Average() - 1:P0} more");
    }

    /// <summary>
    /// The percolator alone on one thread, no store, no HTTP: what one core can match per second, beside building
    /// the same articles' documents and analysing them for a MemoryIndex with no alert at all. The alerts are filed
    /// twice: by word length (what the matcher must do before its index has any articles) and by how many of these
    /// articles hold each word (what it does once the index has them).
    /// </summary>
    private static void MatchInProcess(IReadOnlyList<CorpusDocument> corpus, IReadOnlyList<object> alerts)
    {
        var analyzer = Indexer.Indexing.ArticleIndex.CreateAnalyzer();
        var definitions = alerts.Select(a => JsonSerializer.Deserialize<JsonElement>(JsonSerializer.Serialize(a))).Select(a => new Indexer.Configuration.AlertDefinition
        {
            Id = a.GetProperty("id").GetString()!, Query = a.GetProperty("query").GetString()!, Webhook = new Uri("http://127.0.0.1/"), Secret = "s",
        }).ToList();
        var compiled = definitions.Select(d => Indexer.Alerts.CompiledAlert.Compile(d, analyzer, new Indexer.Configuration.SearchOptions())).ToList();
        var articles = Enumerable.Range(0, 3000).Select(n => corpus[n % corpus.Count]).Select((d, n) => new Indexer.Articles.Article
        {
            Id = n.ToString(CultureInfo.InvariantCulture), FeedId = "bench", Title = d.Title, Body = d.Body, Language = "gu",
            Published = DateTimeOffset.UnixEpoch.AddMinutes(n), FirstSeen = DateTimeOffset.UtcNow, Updated = DateTimeOffset.UtcNow,
        }).ToList();
        using var directory = new Lucene.Net.Store.RAMDirectory();
        using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, analyzer)))
        {
            foreach (var article in articles) writer.AddDocument(Indexer.Indexing.ArticleDocument.Create(article));
        }
        using var reader = Lucene.Net.Index.DirectoryReader.Open(directory);
        // One alert whose word no article holds: each article is analysed into a MemoryIndex, and nothing is searched.
        var nothing = Indexer.Alerts.CompiledAlert.Compile(definitions[0] with { Query = "ઙઙઙઙ" }, analyzer, new Indexer.Configuration.SearchOptions());
        // Twice over, alternating: the first pass also pays for compiling the code.
        var runs = new (string Name, Func<Indexer.Alerts.AlertPercolator> Create)[]
        {
            ("analysis only", () => new Indexer.Alerts.AlertPercolator([nothing], analyzer)),
            ("1,000 alerts filed by word length", () => new Indexer.Alerts.AlertPercolator(compiled, analyzer)),
            ("1,000 alerts filed by frequency", () => new Indexer.Alerts.AlertPercolator(compiled, analyzer, term => reader.DocFreq(term))),
        };
        foreach (var (name, create) in runs.Concat(runs))
        {
            var percolator = create();
            var matches = 0;
            foreach (var article in articles.Take(300)) matches += percolator.Match(article).Count; // warm-up
            var (candidates, queries) = (percolator.Candidates, percolator.QueriesRun);
            var stopwatch = Stopwatch.StartNew();
            matches = 0;
            foreach (var article in articles) matches += percolator.Match(article).Count;
            Console.WriteLine($"percolator, one thread, {name}: {articles.Count / stopwatch.Elapsed.TotalSeconds:F0} articles/s " +
                              $"({matches} matches in {articles.Count} articles; per article {(percolator.Candidates - candidates) / (double)articles.Count:F1} " +
                              $"candidate alerts, {(percolator.QueriesRun - queries) / (double)articles.Count:F2} queries run)");
        }
    }

    private sealed record Result(double IngestSeconds, double IngestCpuSeconds, double MatchedSeconds, long Matches);

    private static async Task<Result> IngestAsync(FeedFarm farm, int articles, IReadOnlyList<object>? alerts)
    {
        var work = Directory.CreateTempSubdirectory("indexer-bench-alerts-");
        try
        {
            var config = Directory.CreateDirectory(Path.Combine(work.FullName, "config")).FullName;
            await File.WriteAllTextAsync(Path.Combine(config, "feeds.json"), farm.FeedsJson(TimeSpan.FromHours(1)));
            if (alerts is not null)
                await File.WriteAllTextAsync(Path.Combine(config, "alerts.json"), JsonSerializer.Serialize(new { alerts }));
            await using var service = ServiceProcess.Start(config, Path.Combine(work.FullName, "data"));
            var stopwatch = Stopwatch.StartNew();
            await service.WaitUntilUpAsync();
            await service.WaitUntilSearchableAsync(articles);
            var ingest = stopwatch.Elapsed.TotalSeconds;
            var cpu = service.CpuSeconds();
            if (alerts is null) return new Result(ingest, cpu, 0, 0);
            while (!(await service.Client.GetStringAsync("/metrics")).Contains("\nindexer_alert_matcher_lag 0\n", StringComparison.Ordinal))
                await Task.Delay(100);
            var matched = stopwatch.Elapsed.TotalSeconds;
            var status = JsonDocument.Parse(await service.Client.GetStringAsync("/alerts")).RootElement;
            return new Result(ingest, cpu, matched, status.EnumerateArray().Sum(a => a.GetProperty("matches").GetInt64()));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Rare words of the corpus (in at most two documents), drawn with a fixed seed.</summary>
    private static List<object> Alerts(IReadOnlyList<CorpusDocument> corpus, string webhook) =>
        AlertQueries(corpus).Select((query, i) => (object)new { id = $"alert-{i:0000}", query, webhook, secret = "benchmark" }).ToList();

    private static List<string> AlertQueries(IReadOnlyList<CorpusDocument> corpus)
    {
        var documents = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        for (var d = 0; d < corpus.Count; d++)
        {
            foreach (var word in Words(corpus[d].Title + " " + corpus[d].Body))
            {
                if (!documents.TryGetValue(word, out var set)) documents[word] = set = [];
                set.Add(d);
            }
        }
        var rare = documents.Where(p => p.Value.Count <= 2).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        var random = new Random(13);
        string Pick() => rare[random.Next(rare.Length)];
        var alerts = new List<string>();
        for (var i = 0; i < 1000; i++) alerts.Add(i < 50 ? Pick() : $"{Pick()} {Pick()}");
        return alerts;
    }

    private static IEnumerable<string> Words(string text) =>
        text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(c => char.IsLetter(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark).ToArray()))
            .Where(w => w.Length >= 4 && w.All(c => c is >= '\u0A80' and <= '\u0AFF'));
}
