using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Indexer.Benchmarks;

/// <summary>
/// Issue 13's budget: 1,000 alerts must not slow ingest by more than a quarter. The same corpus, served the same
/// way, is ingested by a fresh service without alerts and with 1,000, alternating, in one run, so both see the same
/// machine (shared cores make absolute numbers drift; the ratio is what counts). Ingest is measured from start to
/// every article searchable, as the main benchmark does; the matcher's own finish (lag 0) is reported beside it.
/// Two sets of 1,000 alerts, each run beside the run without alerts of the same round, all delivered to a local
/// receiver that answers 204, the services logging at the operator's default level (Information):
/// "rare words": 50 single words and 950 two-word AND queries of words at most two corpus documents hold, as
/// written (after stemming and the phonetic keys they match nearly one delivery per article);
/// "news-like": what a regional newsroom writes, the 33 districts of Gujarat, district AND topic (સુરત વરસાદ), and
/// names and rare phrases of the corpus, so that deliveries are a small fraction of the articles.
/// </summary>
internal static class AlertsBenchmark
{
    private sealed record AlertSet(string Name, string Description, IReadOnlyList<object> Alerts);

    /// <param name="baselineBuild">
    /// Another build's output folder (its Indexer.dll): each round also ingests with each alert set on that build,
    /// beside this build's runs and the same run without alerts, so that a change is measured before and after in
    /// one run on the same machine.
    /// </param>
    public static async Task RunAsync(IReadOnlyList<CorpusDocument> corpus, int articles, int feeds, int rounds, string? baselineBuild = null)
    {
        rounds = Math.Clamp(rounds, 1, 10);
        Console.WriteLine($"corpus: {corpus.Count} documents; articles: {articles}; feeds: {feeds}; rounds: {rounds}; machine: {Environment.ProcessorCount} cores");
        await using var farm = await FeedFarm.StartAsync(corpus, articles, feeds);
        AlertSet[] sets =
        [
            new("rare words", "50 single rare words, 950 two-word AND", Alerts(AlertQueries(corpus), farm.WebhookUrl)),
            new("news-like", "districts, district AND topic, names, rare words; each in at most 1 corpus document as analysed", Alerts(NewsLikeQueries(corpus), farm.WebhookUrl)),
        ];
        foreach (var set in sets)
        {
            Console.WriteLine($"alerts, {set.Name}: {set.Alerts.Count} ({set.Description}), webhook {farm.WebhookUrl}");
            MatchInProcess(corpus, set.Alerts);
        }
        if (baselineBuild is not null) Console.WriteLine($"baseline build (runs marked \"before\"): {baselineBuild}");
        // "CPU s" is the service's CPU time when every article is searchable. The matcher may still be working then
        // (it follows the store and yields to ingest, so it lags a burst), and the deliveries, one at a time to the
        // one receiver, go on long after it: "CPU, all done" is the process's CPU time 2 s after every article was
        // searchable, matched and delivered (no alerts: searchable), the whole job's work in every run alike.
        Console.WriteLine("  run                           ingest s   articles/s   vs none   CPU s   vs none   matcher done s   delivered s   CPU, all done   vs none   matches   per article");
        var none = new List<Result>();
        // Each alert set on this build, then (if given) on the baseline build.
        var runs = sets.SelectMany(s => baselineBuild is null ? [(s, (string?)null)] : new[] { (s, (string?)null), (s, baselineBuild) }).ToList();
        var with = runs.ToDictionary(r => r, _ => new List<Result>());
        static string Name(AlertSet set, string? build) => build is null ? set.Name : set.Name + ", before";
        for (var round = 1; round <= rounds; round++)
        {
            var baseline = await IngestAsync(farm, articles, null);
            none.Add(baseline);
            Console.WriteLine($"  {"no alerts",-27} {baseline.IngestSeconds,9:F1} {articles / baseline.IngestSeconds,12:F0}        - {baseline.IngestCpuSeconds,7:F1}        -" +
                              $"{"",31} {baseline.SettledCpuSeconds,15:F1}");
            foreach (var run in runs)
            {
                var result = await IngestAsync(farm, articles, run.Item1.Alerts, run.Item2);
                with[run].Add(result);
                Console.WriteLine($"  {Name(run.Item1, run.Item2),-27} {result.IngestSeconds,9:F1} {articles / result.IngestSeconds,12:F0} {result.IngestSeconds / baseline.IngestSeconds - 1,8:+0%;-0%} " +
                                  $"{result.IngestCpuSeconds,7:F1} {result.IngestCpuSeconds / baseline.IngestCpuSeconds - 1,8:+0%;-0%} " +
                                  $"{result.MatchedSeconds,16:F1} {result.DeliveredSeconds,13:F1} {result.SettledCpuSeconds,15:F1} {result.SettledCpuSeconds / baseline.SettledCpuSeconds - 1,9:+0%;-0%} " +
                                  $"{result.Matches,9} {result.Matches / (double)articles,13:F3}");
            }
        }
        var (wall, cpu, settled) = (none.Average(r => r.IngestSeconds), none.Average(r => r.IngestCpuSeconds), none.Average(r => r.SettledCpuSeconds));
        Console.WriteLine($"mean without alerts: ingest {wall:F1} s, service CPU {cpu:F1} s, all done {settled:F1} s");
        foreach (var run in runs)
        {
            var (setWall, setCpu) = (with[run].Average(r => r.IngestSeconds), with[run].Average(r => r.IngestCpuSeconds));
            var (matchedWall, settledCpu) = (with[run].Average(r => r.MatchedSeconds), with[run].Average(r => r.SettledCpuSeconds));
            Console.WriteLine($"mean with 1,000 alerts, {Name(run.Item1, run.Item2)}: ingest {setWall:F1} s, {setWall / wall - 1:P0} slower (budget: 25 %); " +
                              $"service CPU {setCpu:F1} s, {setCpu / cpu - 1:P0} more; all matched at {matchedWall:F1} s ({matchedWall / wall - 1:P0} later than the ingest " +
                              $"without alerts), all delivered at {with[run].Average(r => r.DeliveredSeconds):F1} s; CPU all done {settledCpu:F1} s, {settledCpu / settled - 1:P0} more " +
                              $"({settledCpu - settled:F1} s added); {with[run].Average(r => r.Matches) / articles:F3} matches per article");
        }
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
        var definitions = alerts.Select(a => JsonSerializer.Deserialize<JsonElement>(JsonSerializer.Serialize(a)))
            .Select(a => Definition(a.GetProperty("id").GetString()!, a.GetProperty("query").GetString()!)).ToList();
        var compiled = definitions.Select(d => Indexer.Alerts.CompiledAlert.Compile(d, analyzer, new Indexer.Configuration.SearchOptions())).ToList();
        var articles = Articles(corpus, 3000);
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

    private static Indexer.Configuration.AlertDefinition Definition(string id, string query) =>
        new() { Id = id, Query = query, Webhook = new Uri("http://127.0.0.1/"), Secret = "s" };

    /// <summary>The corpus as <paramref name="count"/> articles, repeating it as the feed farm does.</summary>
    private static List<Indexer.Articles.Article> Articles(IReadOnlyList<CorpusDocument> corpus, int count) =>
        Enumerable.Range(0, count).Select(n => corpus[n % corpus.Count]).Select((d, n) => new Indexer.Articles.Article
        {
            Id = n.ToString(CultureInfo.InvariantCulture), FeedId = "bench", Title = d.Title, Body = d.Body, Language = "gu",
            Published = DateTimeOffset.UnixEpoch.AddMinutes(n), FirstSeen = DateTimeOffset.UtcNow, Updated = DateTimeOffset.UtcNow,
        }).ToList();

    /// <summary>
    /// How many corpus documents each query matches, as the service matches them (stems and phonetic keys: a word
    /// only one document holds as written can match dozens through its key).
    /// </summary>
    private static int[] DocumentsMatched(IReadOnlyList<CorpusDocument> corpus, IReadOnlyList<string> queries)
    {
        var analyzer = Indexer.Indexing.ArticleIndex.CreateAnalyzer();
        var compiled = queries.Select((q, i) => Indexer.Alerts.CompiledAlert.Compile(Definition(i.ToString(CultureInfo.InvariantCulture), q), analyzer, new Indexer.Configuration.SearchOptions())).ToList();
        var percolator = new Indexer.Alerts.AlertPercolator(compiled, analyzer);
        var matched = new int[queries.Count];
        foreach (var article in Articles(corpus, corpus.Count))
        {
            foreach (var alert in percolator.Match(article)) matched[int.Parse(alert.Definition.Id, CultureInfo.InvariantCulture)]++;
        }
        return matched;
    }

    private sealed record Result(double IngestSeconds, double IngestCpuSeconds, double MatchedSeconds, double DeliveredSeconds, double SettledCpuSeconds, long Matches);

    /// <summary>After everything is done: what still goes on (the last merges) is counted alike in every run.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>The level an operator runs at: each delivery is a log line, and its cost is part of the alerts'.</summary>
    private static readonly Dictionary<string, string> DefaultLogLevel = new() { ["Serilog__MinimumLevel__Default"] = "Information" };

    private static async Task<Result> IngestAsync(FeedFarm farm, int articles, IReadOnlyList<object>? alerts, string? build = null)
    {
        var work = Directory.CreateTempSubdirectory("indexer-bench-alerts-");
        try
        {
            var config = Directory.CreateDirectory(Path.Combine(work.FullName, "config")).FullName;
            await File.WriteAllTextAsync(Path.Combine(config, "feeds.json"), farm.FeedsJson(TimeSpan.FromHours(1)));
            if (alerts is not null)
                await File.WriteAllTextAsync(Path.Combine(config, "alerts.json"), JsonSerializer.Serialize(new { alerts }));
            await using var service = ServiceProcess.Start(config, Path.Combine(work.FullName, "data"), environment: DefaultLogLevel, build: build);
            var stopwatch = Stopwatch.StartNew();
            await service.WaitUntilUpAsync();
            await service.WaitUntilSearchableAsync(articles);
            var ingest = stopwatch.Elapsed.TotalSeconds;
            var cpu = service.CpuSeconds();
            if (alerts is null)
            {
                await Task.Delay(Settle);
                return new Result(ingest, cpu, 0, 0, service.CpuSeconds(), 0);
            }
            // Every 250 ms: each scrape counts the store's articles, and only runs that lag pay for the polling.
            while (!(await service.Client.GetStringAsync("/metrics")).Contains("\nindexer_alert_matcher_lag 0\n", StringComparison.Ordinal))
                await Task.Delay(250);
            var matched = stopwatch.Elapsed.TotalSeconds;
            JsonElement status;
            var deadline = DateTime.UtcNow.AddMinutes(10);
            while ((status = JsonDocument.Parse(await service.Client.GetStringAsync("/alerts")).RootElement)
                   .EnumerateArray().Sum(a => a.GetProperty("pending").GetInt64()) > 0)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("deliveries were not all done within 10 minutes");
                await Task.Delay(500);
            }
            var delivered = stopwatch.Elapsed.TotalSeconds;
            await Task.Delay(Settle);
            var settled = service.CpuSeconds();
            return new Result(ingest, cpu, matched, delivered, settled, status.EnumerateArray().Sum(a => a.GetProperty("matches").GetInt64()));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static List<object> Alerts(IEnumerable<string> queries, string webhook) =>
        queries.Select((query, i) => (object)new { id = $"alert-{i:0000}", query, webhook, secret = "benchmark" }).ToList();

    /// <summary>Rare words of the corpus (in at most two documents), drawn with a fixed seed.</summary>
    private static List<string> AlertQueries(IReadOnlyList<CorpusDocument> corpus)
    {
        var rare = DocumentsHolding(corpus.Select(d => Words(d.Title + " " + d.Body).ToArray()))
            .Where(p => p.Value <= 2).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        var random = new Random(13);
        string Pick() => rare[random.Next(rare.Length)];
        var alerts = new List<string>();
        for (var i = 0; i < 1000; i++) alerts.Add(i < 50 ? Pick() : $"{Pick()} {Pick()}");
        return alerts;
    }

    private static readonly string[] Districts =
    [
        "અમદાવાદ", "અમરેલી", "આણંદ", "અરવલ્લી", "બનાસકાંઠા", "ભરૂચ", "ભાવનગર", "બોટાદ", "\"છોટા ઉદેપુર\"", "દાહોદ", "ડાંગ",
        "\"દેવભૂમિ દ્વારકા\"", "ગાંધીનગર", "\"ગીર સોમનાથ\"", "જામનગર", "જૂનાગઢ", "ખેડા", "કચ્છ", "મહીસાગર", "મહેસાણા", "મોરબી",
        "નર્મદા", "નવસારી", "પંચમહાલ", "પાટણ", "પોરબંદર", "રાજકોટ", "સાબરકાંઠા", "સુરત", "સુરેન્દ્રનગર", "તાપી", "વડોદરા", "વલસાડ",
    ];

    // Rain, flood, accident, election, police, murder, fire, farmer, school, hospital, court, arrest, BJP, Congress,
    // temple, railway, budget, water, drought, earthquake, cricket, industry, electricity, roads, vaccine, exam,
    // theft, liquor, stock market, weather, lake, garba.
    private static readonly string[] Topics =
    [
        "વરસાદ", "પૂર", "અકસ્માત", "ચૂંટણી", "પોલીસ", "હત્યા", "આગ", "ખેડૂત", "શાળા", "હોસ્પિટલ", "કોર્ટ", "ધરપકડ", "ભાજપ", "કોંગ્રેસ",
        "મંદિર", "રેલવે", "બજેટ", "પાણી", "દુષ્કાળ", "ભૂકંપ", "ક્રિકેટ", "ઉદ્યોગ", "વીજળી", "રસ્તા", "રસી", "પરીક્ષા", "ચોરી", "દારૂ",
        "શેરબજાર", "હવામાન", "તળાવ", "ગરબા",
    ];

    /// <summary>
    /// A regional newsroom's alerts, each matching at most one corpus document as the service matches (stems and
    /// phonetic keys), drawn with a fixed seed: the districts, up to 30 names (two neighbouring words as a phrase, as
    /// written in one document only), up to 30 rare words, and district-and-topic pairs to make 1,000. The corpus is
    /// world news (FLORES), so district alerts mostly wait: a few alerts fire, most do not, as on a news day.
    /// </summary>
    private static List<string> NewsLikeQueries(IReadOnlyList<CorpusDocument> corpus)
    {
        var random = new Random(13);
        var texts = corpus.Select(d => Words(d.Title + " " + d.Body).ToArray()).ToList();
        var pairs = DocumentsHolding(texts.Select(words => words.Zip(words.Skip(1), (a, b) => $"{a} {b}").ToArray()))
            .Where(p => p.Value == 1).Select(p => $"\"{p.Key}\"").Order(StringComparer.Ordinal).OrderBy(_ => random.Next()).Take(300).ToList();
        var rare = DocumentsHolding(texts).Where(p => p.Value == 1).Select(p => p.Key).Order(StringComparer.Ordinal).OrderBy(_ => random.Next()).Take(300).ToList();
        var districtTopics = Districts.SelectMany(d => Topics.Select(t => $"{d} {t}")).ToList();
        var candidates = Districts.Concat(pairs).Concat(rare).Concat(districtTopics).ToList();
        var matched = DocumentsMatched(corpus, candidates);
        var rareEnough = candidates.Where((_, i) => matched[i] <= 1).ToHashSet(StringComparer.Ordinal);
        var (districts, names, words) = (Districts.Where(rareEnough.Contains).ToList(), pairs.Where(rareEnough.Contains).Take(30).ToList(), rare.Where(rareEnough.Contains).Take(30).ToList());
        var topics = districtTopics.Where(rareEnough.Contains).OrderBy(_ => random.Next()).Take(1000 - districts.Count - names.Count - words.Count).ToList();
        Console.WriteLine($"news-like alerts: {districts.Count} of {Districts.Length} districts, {topics.Count} of {districtTopics.Count} district AND topic, {names.Count} names, " +
                          $"{words.Count} rare words (those matching at most one of the {corpus.Count} corpus documents as the service analyses them)");
        return [.. districts, .. names, .. words, .. topics];
    }

    /// <summary>How many documents hold each item (word or pair of words).</summary>
    private static Dictionary<string, int> DocumentsHolding(IEnumerable<string[]> documents)
    {
        var holding = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var items in documents)
        {
            foreach (var item in items.Distinct(StringComparer.Ordinal)) holding[item] = holding.GetValueOrDefault(item) + 1;
        }
        return holding;
    }

    private static IEnumerable<string> Words(string text) =>
        text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(c => char.IsLetter(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark).ToArray()))
            .Where(w => w.Length >= 4 && w.All(c => c is >= '\u0A80' and <= '\u0AFF'));
}
