using Indexer.Configuration;
using Indexer.Search;
using Indexer.Tests.Support;

namespace Indexer.Tests.Search;

/// <summary>What the query language makes of phrases and of text a reader pasted, through the searcher over a small index.</summary>
public sealed class ArticleQueryParserTests : IAsyncLifetime
{
    private readonly IndexFixture _fixture = new();
    private ArticleSearcher _searcher = null!;

    public async Task InitializeAsync()
    {
        await _fixture.AddAsync(
            Some.SampleArticle(),
            // Both words of ઉત્તર કોરિયા, but apart and the other way round.
            Some.Article("apart", "કોરિયા પ્રવાસ", "પ્રવાસીઓ બસમાં બેસીને ઉત્તર તરફ ગયા.", published: "2024-10-01T00:00:00Z"));
        _searcher = new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()));
    }

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    private SearchResponse Search(string q) => _searcher.Search(new SearchRequest { Query = q });

    private static string[] Guids(SearchResponse result) =>
        result.Hits.Select(h => h.Url![(h.Url!.LastIndexOf('/') + 1)..]).ToArray();

    [Fact]
    public void A_quoted_gujarati_phrase_finds_only_the_articles_with_its_words_together()
    {
        var phrase = Search("\"ઉત્તર કોરિયા\"");

        Assert.Equal(["sample"], Guids(phrase));
        Assert.Equal(1, phrase.Total);
        Assert.Equal(["sample"], Guids(Search("\"ઉત્તર કોરિયાના\"")));
        // Unquoted, the words may stand apart.
        Assert.Equal(2, Search("ઉત્તર કોરિયા").Total);
    }

    [Theory]
    [InlineData("રશિયા/")]
    [InlineData("<b>રશિયા</b>")]
    [InlineData("રશિયા / ")]
    public void A_slash_pasted_after_a_word_is_punctuation(string query)
    {
        var hit = Assert.Single(Search(query).Hits);

        Assert.Contains("<mark>રશિયાના</mark>", hit.HighlightedTitle);
    }

    [Fact]
    public void A_headline_pasted_with_one_quotation_mark_finds_its_words()
    {
        var result = Search("કિમ જોંગ \"ઉનની રશિયાના યુદ્ધમાં");

        Assert.Equal(["sample"], Guids(result));
        Assert.Equal("AND", result.Operator);
    }

    [Fact]
    public void A_word_repeated_in_a_pasted_text_counts_once_toward_the_clause_limit()
    {
        // Four words 25 times: 200 title and body terms as written, 8 different ones (Search:MaxClauses is 64).
        var pasted = string.Join(' ', Enumerable.Repeat("કિમ જોંગ ઉનની રશિયાના", 25));

        Assert.Equal(["sample"], Guids(Search(pasted)));
    }
}
