using System.Globalization;
using System.Text.Json;
using Indexer.Alerts;
using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Search;
using Indexer.Tests.Support;

namespace Indexer.Tests.Alerts;

/// <summary>
/// The percolator's shortcuts (filing each alert under its rarest words, deciding from the article's terms, running
/// the query only where terms cannot tell) must never change an answer. Here hundreds of alerts of every shape a
/// newsroom writes, made from the words of real Gujarati articles, with and without filters, are checked against
/// the brute-force truth: every alert's query run over a real on-disk index of the same articles, which is what
/// /search would answer.
/// </summary>
public sealed class AlertPercolatorAgreementTests
{
    private static readonly string[] Feeds = ["news", "world", "weather"];
    private static readonly string[] Languages = ["gu", "gu-IN", "en"];
    // Latin-script words as readers type them: read through their phonetic keys, as /search reads them.
    private static readonly string[] Latin = ["sarkar", "bharat", "gujarat", "amerika", "rashiya", "chin", "police", "doctor", "vaigyanik", "university"];

    [Fact]
    public async Task Each_alert_matches_exactly_the_articles_its_query_finds_in_the_index()
    {
        using var index = new IndexFixture();
        var (stored, compiled, analyzer) = await IndexCorpusAsync(index);

        using var lease = index.Index.Acquire();
        var searcher = lease.Searcher;
        var truth = compiled.ToDictionary(a => a.Definition.Id, a => searcher.Search(a.Query, 1000).ScoreDocs
            .Select(d => searcher.Doc(d.Doc).Get(ArticleFields.Id)).ToHashSet());
        // The check means something only if alerts of every kind match some articles and miss others.
        var matching = truth.Count(t => t.Value.Count > 0);
        Assert.True(matching >= 100, $"only {matching} alerts find anything");
        Assert.True(truth.Count(t => t.Value.Count is > 0 and < 10) >= 50, "too few alerts find a few articles only");
        var latin = compiled.Where(a => a.Definition.Query.Any(char.IsAsciiLetterLower) && !a.Definition.Query.Contains(':')).ToList();
        Assert.True(latin.Count(a => truth[a.Definition.Id].Count > 0) >= 5, "too few Latin-script alerts find anything");

        var reader = searcher.IndexReader;
        var percolators = new[]
        {
            ("filed by frequency", new AlertPercolator(compiled, analyzer, term => reader.DocFreq(term))),
            ("filed by word length", new AlertPercolator(compiled, analyzer)),
        };
        foreach (var (name, percolator) in percolators)
        {
            var found = compiled.ToDictionary(a => a.Definition.Id, _ => new HashSet<string>());
            foreach (var article in stored)
            {
                foreach (var alert in percolator.Match(article)) Assert.True(found[alert.Definition.Id].Add(article.Id), $"{name}: matched twice");
            }
            foreach (var alert in compiled)
            {
                var id = alert.Definition.Id;
                Assert.True(truth[id].SetEquals(found[id]),
                    $"{name}, alert {id} \"{alert.Definition.Query}\" {Describe(alert.Definition)}: index finds [{string.Join(", ", truth[id].Order())}], percolator [{string.Join(", ", found[id].Order())}]");
            }
        }
        // The point of it all: filed by frequency, most alerts were never looked at for most articles (prefixes
        // always are), and fewer than filed by length, whose long words are often common stems or phonetic keys.
        var (byFrequency, byLength) = (percolators[0].Item2.Candidates, percolators[1].Item2.Candidates);
        Assert.True(byFrequency < compiled.Count * stored.Count / 3, $"{byFrequency} candidates of {compiled.Count * stored.Count}");
        Assert.True(byFrequency < byLength, $"filing by frequency gave {byFrequency} candidates, by length {byLength}");
    }

    /// <summary>
    /// A delivery's snippet is the passage /search shows for the alert's words in that article (from the index's
    /// offsets, or the classic highlighter where a query needs it), though the matcher reads no index to make it.
    /// </summary>
    [Fact]
    public async Task Each_match_has_the_snippet_search_shows_for_the_same_words()
    {
        using var index = new IndexFixture();
        var (stored, compiled, analyzer) = await IndexCorpusAsync(index);
        using var lease = index.Index.Acquire();
        var searcher = lease.Searcher;
        var docs = Enumerable.Range(0, searcher.IndexReader.MaxDoc).ToDictionary(d => searcher.Doc(d).Get(ArticleFields.Id));
        var snippetLength = new SearchOptions().SnippetLength;
        var percolator = new AlertPercolator(compiled, analyzer);
        var (compared, marked) = (0, 0);
        foreach (var article in stored)
        {
            foreach (var alert in percolator.Match(article))
            {
                var search = new HitShower(new HitRecords(searcher), alert.TextQuery, analyzer, snippetLength).Show(docs[article.Id], null).Snippet;
                Assert.True(search == percolator.Snippet(alert, article),
                    $"alert {alert.Definition.Id} \"{alert.Definition.Query}\", article {article.Id}:\n search: {search}\n alert:  {percolator.Snippet(alert, article)}");
                compared++;
                if (search.Contains("<mark>", StringComparison.Ordinal)) marked++;
            }
        }
        Assert.True(compared >= 300 && marked >= 200, $"only {compared} matches compared, {marked} with marked words");
    }

    /// <summary>The sample corpus in a real index (3 feeds, 3 languages, spread dates), and the alerts made from it that compile.</summary>
    private static async Task<(List<Article> Stored, List<CompiledAlert> Compiled, Lucene.Net.Analysis.Analyzer Analyzer)> IndexCorpusAsync(IndexFixture index)
    {
        var corpus = Corpus();
        await index.AddAsync(corpus.Select((d, n) => Some.Article(d.Id, d.Title, d.Body, Feeds[n % Feeds.Length],
            new DateTimeOffset(2024, 11, 1, 8, 0, 0, TimeSpan.Zero).AddDays(n * 1.5).ToString("O", CultureInfo.InvariantCulture),
            Languages[n / Feeds.Length % Languages.Length])).ToArray());
        var stored = (await index.Store.ReadChangesAsync(0, 1000, default)).Select(c => c.Article!).ToList();
        Assert.Equal(corpus.Count, stored.Count);

        var analyzer = ArticleIndex.CreateAnalyzer();
        var compiled = Alerts(corpus)
            .Where(a => CompiledAlert.Problem(a, analyzer, new SearchOptions()) is null)
            .Select(a => CompiledAlert.Compile(a, analyzer, new SearchOptions()))
            .ToList();
        Assert.True(compiled.Count >= 350, $"only {compiled.Count} alerts compiled");
        return (stored, compiled, analyzer);
    }

    private sealed record Document(string Id, string Title, string Body);

    /// <summary>40 documents of the shared Gujarati corpus (CC BY-SA 4.0; TestData/corpus/NOTICE.md).</summary>
    private static List<Document> Corpus() =>
        File.ReadLines(TestData.PathOf(Path.Combine("corpus", "gujarati-open-sample.jsonl")))
            .Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<Document>(l, new JsonSerializerOptions(JsonSerializerDefaults.Web))!)
            .ToList();

    /// <summary>
    /// 400 alerts from the documents' own words, drawn with a fixed seed: words two articles share, words one
    /// holds, neighbours for phrases (and the same two reversed), prefixes, fields, exclusions, nesting, Latin-script
    /// words; a third of them with a feed, language or date filter.
    /// </summary>
    private static List<AlertDefinition> Alerts(List<Document> corpus)
    {
        var random = new Random(13);
        var texts = corpus.Select(d => (Title: Words(d.Title), Body: Words(d.Body))).Where(t => t.Title.Length > 0 && t.Body.Length > 1).ToList();
        string[] Text() => texts[random.Next(texts.Count)].Body;
        string Word() { var words = Text(); return words[random.Next(words.Length)]; }
        (string, string) Neighbours() { var words = Text(); var i = random.Next(words.Length - 1); return (words[i], words[i + 1]); }
        (string, string) SameArticle() { var words = Text(); return (words[random.Next(words.Length)], words[random.Next(words.Length)]); }

        var alerts = new List<AlertDefinition>();
        for (var i = 0; i < 400; i++)
        {
            var query = (i % 13) switch
            {
                0 => Word(),
                1 => SameArticle() is var (a, b) ? $"{a} {b}" : "",
                2 => $"{Word()} {Word()}",
                3 => $"{Word()} OR {Word()}",
                4 => SameArticle() is var (a, b) ? $"{a} -{b}" : "",
                5 => Neighbours() is var (a, b) ? $"\"{a} {b}\"" : "",
                6 => Neighbours() is var (a, b) ? $"\"{b} {a}\"" : "",
                7 => Word() is var w && w.Length > 4 ? $"{w[..4]}*" : $"{w}*",
                8 => SameArticle() is var (a, b) ? $"({a} OR {Word()}) AND {b}" : "",
                9 => $"title:{texts[random.Next(texts.Count)].Title[0]}",
                10 => $"feed:{Feeds[random.Next(Feeds.Length)]} OR {Word()}",
                11 => random.Next(2) == 0 ? Latin[random.Next(Latin.Length)] : $"{Latin[random.Next(Latin.Length)]} {Word()}",
                _ => SameArticle() is var (a, b) ? $"{a} AND NOT ({b} OR {Word()})" : "",
            };
            var filter = random.Next(6);
            alerts.Add(new AlertDefinition
            {
                Id = $"a{i:000}", Query = query, Webhook = new Uri("http://127.0.0.1/hook"), Secret = "s",
                Feeds = filter == 0 ? [Feeds[random.Next(Feeds.Length)], Feeds[random.Next(Feeds.Length)]] : [],
                Language = filter == 1 ? "gu" : null,
                From = filter == 2 ? DateBound.Parse("2024-11-20", false) : null,
                To = filter == 2 ? DateBound.Parse("2024-12-15", true) : null,
            });
        }
        return alerts;
    }

    private static string Describe(AlertDefinition a) =>
        $"(feeds [{string.Join(", ", a.Feeds)}], language {a.Language ?? "-"}, from {a.From?.ToString("d", CultureInfo.InvariantCulture) ?? "-"} to {a.To?.ToString("d", CultureInfo.InvariantCulture) ?? "-"})";

    /// <summary>Whitespace-separated Gujarati words, without the punctuation around them.</summary>
    private static string[] Words(string text) =>
        text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('.', ',', '"', '\'', '(', ')', ':', ';', '?', '!', '-', '–', '।', '‘', '’', '“', '”'))
            .Where(w => w.Length >= 2 && w.All(c => c is >= '\u0A80' and <= '\u0AFF'))
            .ToArray();
}
