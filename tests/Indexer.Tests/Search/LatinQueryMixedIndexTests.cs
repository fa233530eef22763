using Indexer.Configuration;
using Indexer.Search;
using Indexer.Tests.Support;

namespace Indexer.Tests.Search;

/// <summary>
/// Latin queries over an index that mixes English and Gujarati feeds (audit10 F1): an English article that has the
/// words as typed must not hide what they were read as in the Gujarati articles below it.
/// </summary>
public sealed class LatinQueryMixedIndexTests : IAsyncLifetime
{
    private readonly IndexFixture _fixture = new();
    private ArticleSearcher _searcher = null!;

    public async Task InitializeAsync()
    {
        await _fixture.AddAsync(
            Some.SampleArticle(),
            Some.Article("pact", "Russia and North Korea sign defence pact",
                "North Korean leader Kim Jong Un met Russia's defence minister in Pyongyang; Kim Jong Un promised support.",
                feed: "en-news", published: "2024-12-01T00:00:00Z", language: "en"),
            Some.Article("market", "eBay shares rise", "Shares of eBay rose on Monday after the online market reported more sales.",
                feed: "en-news", published: "2024-12-02T00:00:00Z", language: "en"),
            Some.Article("ebay", "eBayએ COVID-19 દરમિયાન વેચાણ વધાર્યું", "ઓનલાઇન બજાર eBay પર COVID-19ના સમયમાં ખરીદી વધી.", published: "2024-08-01T00:00:00Z"),
            Some.Article("nba", "એનબીએમાં નવી સીઝન", "એનબીએની ટીમો આજથી રમશે.", published: "2024-04-01T00:00:00Z"));
        // More English stories than the Latin words are read in, each naming Kim Jong Un in its title.
        await _fixture.AddAsync(Enumerable.Range(1, LatinReading.Documents)
            .Select(n => Some.Article($"wire{n}", $"Kim Jong Un visits factory {n}", $"Kim Jong Un inspected factory number {n}.",
                feed: "en-news", published: $"2024-10-0{n}T00:00:00Z", language: "en"))
            .ToArray());
        _searcher = new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()));
    }

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    private SearchResponse Search(string q, SearchSort sort = SearchSort.Relevance) =>
        _searcher.Search(new SearchRequest { Query = q, Sort = sort });

    private static string Guid(SearchHit hit) => hit.Url![(hit.Url!.LastIndexOf('/') + 1)..];

    [Fact]
    public void An_english_article_with_the_words_as_typed_leaves_the_gujarati_ones_read_and_marked()
    {
        var result = Search("kim jong un");

        Assert.True(result.Transliterated);
        Assert.Equal("કિમ", result.ReadAs["kim"][0]);
        Assert.Equal("જોંગ", result.ReadAs["jong"][0]);
        var english = Assert.Single(result.Hits, h => Guid(h) == "pact");
        Assert.Contains("<mark>Kim</mark>", english.Snippet);
        var gujarati = Assert.Single(result.Hits, h => Guid(h) == "sample");
        Assert.StartsWith("<mark>કિમ</mark> <mark>જોંગ</mark> <mark>ઉનની</mark>", gujarati.HighlightedTitle);
        Assert.Contains("<mark>કિમ</mark>", gujarati.Snippet);
    }

    [Fact]
    public void Newest_first_the_english_articles_with_the_words_as_typed_are_listed_beside_the_gujarati_ones_read()
    {
        // The best-ranked results are all English: the reading comes from the first Gujarati ones below them.
        var result = Search("kim jong un", SearchSort.Newest);

        Assert.Equal(["pact", "sample", "wire5", "wire4", "wire3", "wire2", "wire1"], result.Hits.Select(Guid));
        Assert.True(result.Transliterated);
        Assert.Equal("કિમ", result.ReadAs["kim"][0]);
        Assert.StartsWith("<mark>કિમ</mark>", result.Hits[1].HighlightedTitle);
    }

    [Fact]
    public void A_name_a_gujarati_article_writes_in_latin_is_still_not_read_though_english_articles_have_it_too()
    {
        // The Gujarati article that writes eBay says how the name is meant; એનબીએ only shares its key.
        var result = Search("ebay");

        Assert.Contains("<mark>eBay</mark>", Assert.Single(result.Hits, h => Guid(h) == "market").Snippet);
        Assert.Contains("<mark>eBay</mark>", Assert.Single(result.Hits, h => Guid(h) == "ebay").Snippet);
        Assert.False(result.Transliterated);
        Assert.Empty(result.ReadAs);
    }
}
