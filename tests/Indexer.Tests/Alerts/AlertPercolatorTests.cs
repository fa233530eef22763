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
        Assert.All(compiled, c => Assert.NotNull(c.RequiredTerms));
        var percolator = new AlertPercolator(compiled, ArticleIndex.CreateAnalyzer());
        Assert.Equal("rain", Assert.Single(percolator.Match(Rain)).Definition.Id);
        Assert.Empty(percolator.Match(Russia));
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
