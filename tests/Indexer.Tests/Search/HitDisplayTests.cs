using Indexer.Configuration;
using Indexer.Search;
using Indexer.Tests.Support;

namespace Indexer.Tests.Search;

/// <summary>
/// What a hit shows, now read from its hit record and marked from the postings' offsets (no second analysis):
/// the same words marked as the classic highlighter marked them, the best passage of a long body, and hits whose
/// body is too large for a record.
/// </summary>
public sealed class HitDisplayTests : IAsyncLifetime
{
    private static readonly string Filler = string.Concat(Enumerable.Repeat("આજે સવારે વરસાદ પડ્યો. ", 30));

    private readonly IndexFixture _fixture = new();
    private ArticleSearcher _searcher = null!;

    public async Task InitializeAsync()
    {
        await _fixture.AddAsync(
            Some.Article("phrase", "મુલાકાત", "જોંગ એકલો આવ્યો. પછી કિમ એકલો ગયો. અંતે કિમ જોંગ ઉન મળ્યા."),
            Some.Article("far", "હવામાન", "ભૂકંપ વિશે એક વાત. " + Filler + "ટોક્યોમાં ભૂકંપ આવ્યો અને " + Filler),
            // About 37 KB of text: more than a hit record holds, so the body comes from the stored fields.
            Some.Article("huge", "લાંબો અહેવાલ", string.Concat(Enumerable.Repeat("સમાચાર ", 5300)) + "અમદાવાદમાં મેળો."));
        _searcher = new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()));
    }

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    private SearchHit Hit(string q) => Assert.Single(_searcher.Search(new SearchRequest { Query = q }).Hits);

    [Fact]
    public void A_phrase_marks_its_words_only_where_they_stand_together()
    {
        var hit = Hit("\"કિમ જોંગ\"");
        Assert.Contains("<mark>કિમ</mark> <mark>જોંગ</mark> ઉન", hit.Snippet);
        // "જોંગ" alone at the start and "કિમ" alone in the middle are not the phrase.
        Assert.Equal(2, CountMarks(hit.Snippet));
    }

    [Fact]
    public void A_long_body_shows_the_passage_holding_the_most_query_words()
    {
        var hit = Hit("ટોક્યો ભૂકંપ");
        Assert.Contains("<mark>ટોક્યોમાં</mark> <mark>ભૂકંપ</mark> આવ્યો", hit.Snippet);
        // Not the opening, where only one of the words is.
        Assert.StartsWith("…", hit.Snippet);
        Assert.EndsWith("…", hit.Snippet);
        Assert.True(hit.Snippet.Length < 300, hit.Snippet);
    }

    [Fact]
    public void A_body_too_large_for_its_hit_record_is_still_shown_and_highlighted()
    {
        var hit = Hit("અમદાવાદ");
        Assert.Equal("લાંબો અહેવાલ", hit.Title);
        Assert.Contains("<mark>અમદાવાદમાં</mark> મેળો.", hit.Snippet);
        Assert.Equal("news", hit.FeedId);
        Assert.NotNull(hit.Published);
    }

    private static int CountMarks(string html) => (html.Length - html.Replace("<mark>", "").Length) / "<mark>".Length;
}

/// <summary>The result cache answers repeated searches without ever hiding what a refresh made visible.</summary>
public sealed class SearchResultCacheTests : IDisposable
{
    private readonly IndexFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private ArticleSearcher Searcher(int cacheSize) =>
        new(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions { ResultCacheSize = cacheSize }));

    [Fact]
    public async Task An_article_indexed_after_a_search_is_found_when_the_same_search_is_asked_again()
    {
        var searcher = Searcher(cacheSize: 100);
        await _fixture.AddAsync(Some.Article("first", "ભૂકંપ", "પહેલો ભૂકંપ."));
        Assert.Equal(1, searcher.Search(new SearchRequest { Query = "ભૂકંપ" }).Total);

        await _fixture.AddAsync(Some.Article("second", "ભૂકંપ ફરી", "બીજો ભૂકંપ."));
        var again = searcher.Search(new SearchRequest { Query = "ભૂકંપ" });
        Assert.Equal(2, again.Total);
        Assert.Equal(2, again.Hits.Count);
        Assert.Equal(2, again.Facets.FeedId["news"]);
    }

    [Fact]
    public async Task A_hit_shown_before_its_article_changed_is_shown_anew_when_the_search_is_asked_again()
    {
        var searcher = Searcher(cacheSize: 100);
        await _fixture.AddAsync(Some.Article("story", "ભૂકંપ", "ભૂકંપથી નુકસાન થયું."));
        Assert.Contains("નુકસાન", Assert.Single(searcher.Search(new SearchRequest { Query = "ભૂકંપ" }).Hits).Snippet);

        await _fixture.AddAsync(Some.Article("story", "ભૂકંપ", "ભૂકંપ પછી રાહત કામ શરૂ થયું."));
        var again = Assert.Single(searcher.Search(new SearchRequest { Query = "ભૂકંપ" }).Hits);
        Assert.Contains("રાહત", again.Snippet);
        Assert.DoesNotContain("નુકસાન", again.Snippet);
    }

    [Fact]
    public async Task Pages_from_the_cache_are_the_pages_a_fresh_search_gives()
    {
        await _fixture.AddAsync(Enumerable.Range(0, 35).Select(n =>
            Some.Article($"a{n}", $"વરસાદ {n}", n % 3 == 0 ? "વરસાદ વરસાદ પડ્યો." : "વરસાદ પડ્યો.", published: $"2024-10-{1 + n % 28:00}T00:00:00Z")).ToArray());
        var cached = Searcher(cacheSize: 100);
        var uncached = Searcher(cacheSize: 0);
        foreach (var sort in new[] { SearchSort.Relevance, SearchSort.Newest })
        {
            // Page 1 fills the cache; the later pages, each page again and other page sizes over the same hits are
            // read from it, hits already shown included.
            foreach (var size in new[] { 10, 10, 5, 20 })
            for (var page = 1; page * size <= 40; page++)
            {
                var request = new SearchRequest { Query = "વરસાદ", Page = page, Size = size, Sort = sort };
                var fromCache = cached.Search(request);
                var fresh = uncached.Search(request);
                Assert.Equal(fresh.Hits.Select(h => h.Id), fromCache.Hits.Select(h => h.Id));
                Assert.Equal(fresh.Hits.Select(h => (h.Title, h.Snippet, h.Score)), fromCache.Hits.Select(h => (h.Title, h.Snippet, h.Score)));
                Assert.Equal(35, fromCache.Total);
            }
        }
    }
}
