using Indexer.Configuration;
using Indexer.Search;
using Indexer.Tests.Support;

namespace Indexer.Tests.Search;

public sealed class ArticleSearcherTests : IAsyncLifetime
{
    private readonly IndexFixture _fixture = new();
    private ArticleSearcher _searcher = null!;

    public async Task InitializeAsync()
    {
        await _fixture.AddAsync(
            Some.SampleArticle(),
            Some.Article("delhi", "દિલ્હીમાં ચૂંટણી", "દિલ્હીની ચૂંટણીમાં મતદાન શરૂ થયું. <script>alert(1)</script> લોકો લાઈનમાં છે.", feed: "other", published: "2024-10-01T00:00:00Z"),
            Some.Article("bank", "બેંકના નવા નિયમો", "રિઝર્વ બેન્કે વ્યાજ દર બદલ્યા.", feed: "other", published: "2024-09-01T00:00:00Z"),
            Some.Article("tokyo", "ટોક્યોમાં ભૂકંપ", "જાપાનના ટોક્યોમાં ભૂકંપ આવ્યો.", feed: "asia", published: "2024-08-01T00:00:00Z", language: "gu"),
            Some.Article("english", "Monsoon in Mumbai", "Heavy rain in Mumbai.", feed: "regional", language: "en-in"));
        _searcher = new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()));
    }

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    private SearchResponse Search(string q, int page = 1, int size = 10, SearchSort sort = SearchSort.Relevance, params string[] feeds) =>
        _searcher.Search(new SearchRequest { Query = q, Page = page, Size = size, Sort = sort, Feeds = feeds });

    [Theory]
    [InlineData("રશિયા")]
    [InlineData("કોરિયા")]
    [InlineData("\"કિમ જોંગ ઉન\"")]
    [InlineData("title:રશિયા")]
    [InlineData("રશિ*")]
    [InlineData("રશિયા?")]
    [InlineData("કિમ!")]
    public void The_sample_article_is_found_by_base_forms_phrases_fields_and_prefixes(string query)
    {
        var result = Search(query);
        Assert.Equal("sample", Assert.Single(result.Hits, h => h.Url!.EndsWith("/sample")).Url![^6..]);
        Assert.Equal("news", result.Hits[0].FeedId);
    }

    [Fact]
    public void Snippets_mark_matched_words_and_escape_everything_else()
    {
        var hit = Assert.Single(Search("ચૂંટણી").Hits);
        Assert.Contains("<mark>", hit.Snippet);
        Assert.Contains("&lt;script&gt;", hit.Snippet);
        Assert.DoesNotContain("<script>", hit.Snippet);
        Assert.Contains("<mark>ચૂંટણી</mark>", hit.HighlightedTitle);
        // Gujarati stays readable text, not numeric entities.
        Assert.DoesNotContain("&#", hit.Snippet);
    }

    [Fact]
    public void Prefixes_are_marked_and_a_match_only_in_the_title_shows_the_opening_of_the_body()
    {
        var prefix = Assert.Single(Search("ચૂંટ*").Hits);
        Assert.Contains("<mark>ચૂંટણીમાં</mark>", prefix.Snippet);
        Assert.Contains("<mark>ચૂંટણી</mark>", prefix.HighlightedTitle);

        var titleOnly = Assert.Single(Search("title:ચૂંટણી").Hits);
        Assert.Contains("<mark>ચૂંટણી</mark>", titleOnly.HighlightedTitle);
        Assert.StartsWith("દિલ્હીની ચૂંટણીમાં મતદાન", titleOnly.Snippet);
        Assert.DoesNotContain("<mark>", titleOnly.Snippet);
    }

    [Fact]
    public void Spelling_variants_meet_bank_and_banke()
    {
        Assert.Single(Search("બૅન્ક").Hits);
    }

    [Fact]
    public void Every_word_must_match_and_when_none_does_any_word_is_enough()
    {
        var both = Search("ટોક્યો ભૂકંપ");
        Assert.Equal("AND", both.Operator);
        Assert.Single(both.Hits);

        var either = Search("ટોક્યો રશિયા");
        Assert.Equal("OR", either.Operator);
        Assert.Equal(2, either.Total);
    }

    [Fact]
    public void Pages_neither_repeat_nor_skip_and_newest_sorts_by_date()
    {
        var all = _searcher.Search(new SearchRequest { Feeds = ["news", "other", "asia"], Size = 10 });
        Assert.Equal(4, all.Total);
        Assert.Equal(["sample", "delhi", "bank", "tokyo"], all.Hits.Select(h => h.Url!.Split('/')[^1]));

        var seen = new List<string>();
        for (var page = 1; page <= 4; page++)
            seen.AddRange(_searcher.Search(new SearchRequest { Feeds = ["news", "other", "asia"], Page = page, Size = 1 }).Hits.Select(h => h.Id));
        Assert.Equal(all.Hits.Select(h => h.Id), seen);
    }

    [Fact]
    public void Filters_restrict_results_and_facets_count_all_matches_per_feed()
    {
        var result = _searcher.Search(new SearchRequest { Query = "ચૂંટણી OR બેંક OR રશિયા", Size = 1 });
        Assert.Equal(3, result.Total);
        Assert.Single(result.Hits);
        Assert.Equal(2, result.Facets.FeedId["other"]);
        Assert.Equal(1, result.Facets.FeedId["news"]);

        var filtered = _searcher.Search(new SearchRequest { Query = "ચૂંટણી OR બેંક OR રશિયા", Feeds = ["other"], From = DateTimeOffset.Parse("2024-09-15T00:00:00Z") });
        Assert.Equal("દિલ્હીમાં ચૂંટણી", Assert.Single(filtered.Hits).Title);
    }

    [Fact]
    public void A_feed_is_named_ignoring_case_in_the_filter_and_in_the_query()
    {
        Assert.Equal(2, _searcher.Search(new SearchRequest { Feeds = ["OTHER"] }).Total);
        Assert.Equal("દિલ્હીમાં ચૂંટણી", Assert.Single(Search("ચૂંટણી", feeds: "Other").Hits).Title);
        Assert.Equal("ટોક્યોમાં ભૂકંપ", Assert.Single(Search("feed:ASIA").Hits).Title);
        Assert.Equal(2, Search("feed:Other").Total);
        Assert.Equal(0, Search("feed:nowhere").Total);
    }

    [Theory]
    [InlineData("title:\"unclosed", "q:")]
    [InlineData("*શિયા", "leading wildcard")]
    [InlineData("રશિયા~2", "fuzzy")]
    [InlineData("/રશ.*/", "regular expressions")]
    [InlineData("[a TO b]", "range")]
    [InlineData("", "q: required")]
    [InlineData("title:", "q: the query ends where a word was expected (after AND, OR, NOT, '+', '-' or a field name)")]
    [InlineData("feed:", "q: the query ends where a word was expected")]
    [InlineData("રશિયા body:", "q: the query ends where a word was expected")]
    [InlineData("\"\"", "q: there is nothing to search for")]
    [InlineData("\"  \"", "q: there is nothing to search for")]
    [InlineData("title:\"\"", "q: there is nothing to search for")]
    [InlineData("feed:\"\"", "q: there is nothing to search for")]
    [InlineData("\u200B", "q: there is nothing to search for")]
    [InlineData(".", "q: there is nothing to search for")]
    [InlineData("( \"\" OR title:\"\" )", "q: there is nothing to search for")]
    public void Queries_that_cannot_be_answered_explain_why(string query, string expected)
    {
        var error = Assert.Throws<SearchQueryException>(() => Search(query));
        Assert.Contains(expected, error.Message);
        Assert.Equal("q", error.Parameter);
    }

    [Theory]
    [InlineData("title:\"રશિયા", "q: a quotation mark (\") is not closed")]
    [InlineData("(રશિયા OR કિમ", "q: the brackets ( ) do not pair up")]
    [InlineData("રશિયા AND", "q: the query ends where a word was expected")]
    [InlineData("AND રશિયા", "q: a word was expected where the query has an operator")]
    public void Syntax_errors_are_explained_in_words_not_grammar_tokens(string query, string expected)
    {
        var message = Assert.Throws<SearchQueryException>(() => Search(query)).Message;
        Assert.StartsWith(expected, message);
        Assert.DoesNotContain("Encountered", message);
    }

    [Fact]
    public void A_colon_after_gujarati_letters_or_an_unknown_field_is_text()
    {
        Assert.NotEmpty(Search("રશિયા: કિમ").Hits);
        Assert.NotEmpty(Search("author:રશિયા").Hits);
        Assert.NotEmpty(Search("રશિયા:").Hits);
    }

    [Fact]
    public void A_query_with_something_to_search_for_beside_an_empty_part_still_runs()
    {
        Assert.Single(Search("\"\" ટોક્યો").Hits);
        Assert.Single(Search("feed:asia").Hits);
        // The longest word the index can hold is still a word to look for; one letter more is none.
        Assert.Empty(Search(new string('ક', 255)).Hits);
        Assert.StartsWith("q: there is nothing to search for", Assert.Throws<SearchQueryException>(() => Search(new string('ક', 256))).Message);
        // Browsing: no q at all, a filter instead.
        Assert.Equal(2, _searcher.Search(new SearchRequest { Feeds = ["other"] }).Total);
    }

    [Fact]
    public void A_language_filter_matches_regional_tags_of_the_language()
    {
        Assert.Equal(1, _searcher.Search(new SearchRequest { Language = "en" }).Total);
        Assert.Equal(1, _searcher.Search(new SearchRequest { Language = "en-in" }).Total);
        Assert.Equal(4, _searcher.Search(new SearchRequest { Language = "gu" }).Total);
    }

    [Fact]
    public void Too_many_clauses_is_refused()
    {
        var words = string.Join(" OR ", Enumerable.Range(0, 80).Select(i => "શબ્દ" + i));
        Assert.Contains("too many", Assert.Throws<SearchQueryException>(() => Search(words)).Message);
    }
}
