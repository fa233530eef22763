using Indexer.Alerts;
using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Search;
using Indexer.Tests.Support;

namespace Indexer.Tests.Alerts;

/// <summary>
/// Alerts match what /search would find, through the same analyzer, parser and filters: inflected forms, phrases,
/// fields, exclusions, feed, language and date filters; and the term prefilter never hides a real match.
/// </summary>
public sealed class AlertPercolatorTests
{
    private static readonly Article Russia = Stored(Some.SampleArticle());
    private static readonly Article Rain = Stored(Some.Article("rain", "અમદાવાદમાં વરસાદ", "અમદાવાદમાં ભારે વરસાદ પડ્યો. રસ્તાઓ પર પાણી ભરાયાં.", feed: "weather", language: "gu-IN"));

    [Theory]
    [InlineData("રશિયા", true)]                  // the text says રશિયાના: the analyzer's stemming, as in /search
    [InlineData("\"કિમ જોંગ ઉન\"", true)]          // a phrase; the text says ઉનએ
    [InlineData("title:રશિયા", true)]
    [InlineData("રશિયા ચીન", false)]               // every word must match: no fall back to "any word" for alerts
    [InlineData("રશિયા OR ચીન", true)]
    [InlineData("રશિયા -કિમ", false)]
    [InlineData("રશિ*", true)]                     // a wildcard: no prefilter term, always tried
    [InlineData("feed:news", true)]
    [InlineData("feed:weather", false)]
    [InlineData("વરસાદ", false)]
    public void An_alert_matches_what_search_would_find(string query, bool matches)
    {
        var percolator = Percolator(Alert("a", query));
        Assert.Equal(matches, percolator.Match(Russia).Count == 1);
    }

    [Fact]
    public void Filters_work_as_in_search()
    {
        var percolator = Percolator(
            Alert("weather-feed", "", feeds: ["weather"]),
            Alert("gujarati", "વરસાદ", language: "gu"), // gu-IN is gu too
            Alert("regional-only", "વરસાદ", language: "gu-in"),
            Alert("november", "વરસાદ", from: "2024-11-01", to: "2024-11-30"),
            Alert("december", "વરસાદ", from: "2024-12-01"));
        Assert.Equal(["gujarati", "november", "regional-only", "weather-feed"],
            percolator.Match(Rain).Select(a => a.Definition.Id).Order());
    }

    [Fact]
    public void A_thousand_alerts_are_tried_only_where_the_article_holds_their_words()
    {
        var alerts = Enumerable.Range(0, 1000).Select(i => Alert($"n{i}", $"શબ્દ{i}")).Append(Alert("rain", "વરસાદ પાણી")).ToArray();
        var compiled = alerts.Select(a => CompiledAlert.Compile(a, ArticleIndex.CreateAnalyzer(), new SearchOptions())).ToList();
        Assert.All(compiled, c => Assert.NotNull(c.Condition.Keys(_ => 0)));
        var percolator = new AlertPercolator(compiled, ArticleIndex.CreateAnalyzer());
        Assert.Equal("rain", Assert.Single(percolator.Match(Rain)).Definition.Id);
        Assert.Empty(percolator.Match(Russia));
        Assert.Equal(1, percolator.Candidates);
        // Words and AND decide it from the article's terms alone: no query had to run.
        Assert.Equal(0, percolator.QueriesRun);
    }

    [Fact]
    public async Task An_alert_is_filed_under_the_word_fewest_indexed_articles_hold_not_the_longest()
    {
        using var index = new IndexFixture();
        // અમદાવાદમાં (long, stemmed to અમદાવાદ) is in every article; પૂર (short) in one.
        await index.AddAsync(Enumerable.Range(0, 30).Select(n => Some.Article($"a{n}", $"અમદાવાદમાં સમાચાર {n}", "અમદાવાદમાં આજે બધું સામાન્ય રહ્યું.")).ToArray());
        await index.AddAsync(Some.Article("flood", "અમદાવાદમાં પૂર", "અમદાવાદમાં પૂર આવ્યું."));
        var alert = CompiledAlert.Compile(Alert("flood", "અમદાવાદમાં પૂર"), ArticleIndex.CreateAnalyzer(), new SearchOptions());
        using var lease = index.Index.Acquire();
        var reader = lease.Searcher.IndexReader;

        var byFrequency = new AlertPercolator([alert], ArticleIndex.CreateAnalyzer(), term => reader.DocFreq(term));
        Assert.Empty(byFrequency.Match(Stored(Some.Article("calm", "અમદાવાદમાં શાંતિ", "અમદાવાદમાં આજે બધું સામાન્ય રહ્યું."))));
        Assert.Equal(0, byFrequency.Candidates);
        Assert.Single(byFrequency.Match(Stored(Some.Article("flood2", "પૂર", "અમદાવાદમાં ફરી પૂર."))));

        // Without frequencies the longer word is taken, and every article of the city becomes a candidate.
        var byLength = new AlertPercolator([alert], ArticleIndex.CreateAnalyzer());
        Assert.Empty(byLength.Match(Stored(Some.Article("calm", "અમદાવાદમાં શાંતિ", "અમદાવાદમાં આજે બધું સામાન્ય રહ્યું."))));
        Assert.Equal(1, byLength.Candidates);
    }

    [Fact]
    public async Task The_matcher_files_by_the_same_frequencies_the_index_reader_counts()
    {
        using var index = new IndexFixture();
        // Several segments (each add is searchable on its own), an edited article (its old version deleted) and a
        // word only some segments hold: the reused per-segment enums must count as the reader does.
        await index.AddAsync(Enumerable.Range(0, 20).Select(n => Some.Article($"a{n}", $"અમદાવાદમાં સમાચાર {n}", "અમદાવાદમાં આજે વરસાદ.")).ToArray());
        await index.AddAsync(Some.Article("flood", "અમદાવાદમાં પૂર", "પૂર આવ્યું."));
        await index.AddAsync(Some.Article("a3", "સુરતમાં સમાચાર", "સુરતમાં આજે તડકો."));
        using var lease = index.Index.Acquire();
        var reader = lease.Searcher.IndexReader;
        Assert.True(reader.Leaves.Count > 1, "the index should have several segments");
        var frequency = AlertMatcher.DocumentFrequency(reader);

        var terms = new List<Lucene.Net.Index.Term>();
        foreach (var field in new[] { ArticleFields.Title, ArticleFields.Body, ArticleFields.Transliteration, ArticleFields.FeedId })
        {
            var all = Lucene.Net.Index.MultiFields.GetTerms(reader, field).GetEnumerator();
            while (all.MoveNext()) terms.Add(new Lucene.Net.Index.Term(field, Lucene.Net.Util.BytesRef.DeepCopyOf(all.Term)));
            terms.Add(new Lucene.Net.Index.Term(field, "ઙઙઙ"));
        }
        Assert.True(terms.Count > 30);
        // Asked in no particular order, twice over, as alerts ask for their words.
        foreach (var term in terms.Concat(terms.AsEnumerable().Reverse()))
            Assert.True(reader.DocFreq(term) == frequency(term), $"{term}: reader {reader.DocFreq(term)}, matcher {frequency(term)}");
        Assert.Contains(terms, t => frequency(t) >= 20);
    }

    /// <summary>
    /// The percolator's shortcuts (filing by terms, deciding from terms, running the query only where terms cannot
    /// tell) never change the answer: for every query shape, it matches exactly the articles the index finds.
    /// </summary>
    [Theory]
    [InlineData("રશિયા")]
    [InlineData("રશિયા કિમ")]
    [InlineData("રશિયા OR વરસાદ")]
    [InlineData("રશિયા -કિમ")]
    [InlineData("વરસાદ -રશિયા")]
    [InlineData("વરસાદ AND NOT (રશિયા OR મોસ્કો)")]
    [InlineData("(રશિયા OR અમદાવાદ) AND વરસાદ")]
    [InlineData("(રશિયા AND કિમ) OR (વરસાદ AND પાણી)")]
    [InlineData("\"કિમ જોંગ ઉન\"")]
    [InlineData("\"ઉન જોંગ કિમ\"")]
    [InlineData("\"ભારે વરસાદ\" -અમદાવાદ")]
    [InlineData("\"ભારે વરસાદ\"~3 OR કિમ")]
    [InlineData("રશિ* વરસાદ")]
    [InlineData("title:વરસાદ")]
    [InlineData("body:રશિયા -title:રશિયા")]
    [InlineData("feed:weather")]
    [InlineData("feed:weather OR કિમ")]
    [InlineData("-feed:weather વરસાદ")]
    [InlineData("ઝઝઝઝ OR વરસાદ")]
    [InlineData("ઝઝઝઝ")]
    public async Task The_percolator_matches_exactly_what_the_index_finds(string query)
    {
        using var index = new IndexFixture();
        var drafts = new[]
        {
            Some.SampleArticle(),
            Some.Article("rain", "અમદાવાદમાં વરસાદ", "અમદાવાદમાં ભારે વરસાદ પડ્યો. રસ્તાઓ પર પાણી ભરાયાં.", feed: "weather", language: "gu-IN"),
            Some.Article("moscow", "રશિયામાં વરસાદ", "મોસ્કોમાં આજે ભારે વરસાદ પડ્યો અને પાણી ભરાયાં.", feed: "world", published: "2024-12-05T10:00:00Z"),
            Some.Article("moscow-late", "મોસ્કો", "મોસ્કોમાં વરસાદ બાદ ભારે ઠંડી.", feed: "world", published: "2024-12-20T10:00:00Z", language: "en"),
        };
        await index.AddAsync(drafts);
        var alerts = new[]
        {
            Alert("plain", query),
            Alert("feed", query, feeds: ["world", "weather"]),
            Alert("language", query, language: "gu"),
            Alert("december", query, from: "2024-12-01", to: "2024-12-10"),
        };
        using var lease = index.Index.Acquire();
        var reader = lease.Searcher.IndexReader;
        var compiled = alerts.Select(a => CompiledAlert.Compile(a, ArticleIndex.CreateAnalyzer(), new SearchOptions())).ToList();
        var percolator = new AlertPercolator(compiled, ArticleIndex.CreateAnalyzer(), term => reader.DocFreq(term));

        foreach (var alert in compiled)
        {
            var found = lease.Searcher.Search(alert.Query, 100).ScoreDocs.Select(d => lease.Searcher.Doc(d.Doc).Get(ArticleFields.Id)).Order();
            var matched = drafts.Select(Stored).Where(a => percolator.Match(a).Contains(alert)).Select(a => a.Id).Order();
            Assert.True(found.SequenceEqual(matched), $"{alert.Definition.Id} \"{query}\": index finds [{string.Join(", ", found)}], percolator [{string.Join(", ", matched)}]");
        }
    }

    [Theory]
    [InlineData("\"open", "a quotation mark")]
    [InlineData("*ssia", "leading wildcard")]
    [InlineData("-રશિયા", "only excludes words")]
    public void A_query_search_would_refuse_is_refused_in_the_words_search_uses(string query, string reason)
    {
        var problem = CompiledAlert.Problem(Alert("a", query), ArticleIndex.CreateAnalyzer(), new SearchOptions());
        Assert.Contains(reason, problem);
        Assert.False(problem!.StartsWith("q:", StringComparison.Ordinal));
    }

    [Fact]
    public void An_alert_names_its_feed_ignoring_case_as_search_does()
    {
        var feeds = FeedIdSpelling.Of(["weather", "news"]);
        var percolator = new AlertPercolator(
            new[] { Alert("filter", "", feeds: ["Weather"]), Alert("field", "feed:WEATHER"), Alert("both", "વરસાદ", feeds: ["WEATHER", "NEWS"]) }
                .Select(a => CompiledAlert.Compile(a, ArticleIndex.CreateAnalyzer(), new SearchOptions(), feeds)),
            ArticleIndex.CreateAnalyzer());
        Assert.Equal(["both", "field", "filter"], percolator.Match(Rain).Select(a => a.Definition.Id).Order());
        Assert.Empty(percolator.Match(Russia));
    }

    private static AlertPercolator Percolator(params AlertDefinition[] alerts) =>
        new(alerts.Select(a => CompiledAlert.Compile(a, ArticleIndex.CreateAnalyzer(), new SearchOptions())), ArticleIndex.CreateAnalyzer());

    private static AlertDefinition Alert(string id, string query, string[]? feeds = null, string? language = null, string? from = null, string? to = null) => new()
    {
        Id = id, Query = query, Feeds = feeds ?? [], Language = language,
        From = from is null ? null : DateBound.Parse(from, false), To = to is null ? null : DateBound.Parse(to, true),
        Webhook = new Uri("http://127.0.0.1/hook"), Secret = "s",
    };

    private static Article Stored(ArticleDraft d) => new()
    {
        Id = d.Id, FeedId = d.FeedId, Guid = d.Guid, Title = d.Title, Url = d.Url, Published = d.Published, Author = d.Author,
        Summary = d.Summary, Body = d.Body, Language = d.Language, FirstSeen = DateTimeOffset.UtcNow, Updated = DateTimeOffset.UtcNow,
    };
}
