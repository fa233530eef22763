using Indexer.Api;
using Indexer.Configuration;
using Indexer.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Indexer.Tests.Api;

public sealed class SearchRequestReaderTests
{
    private static SearchRequest Read(string query, SearchSort defaultSort = SearchSort.Relevance) =>
        SearchRequestReader.Read(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)), new SearchOptions(), defaultSort);

    [Fact]
    public void Defaults_and_repeatable_feeds()
    {
        var request = Read("?q=રશિયા&feed=a&feed=b,c");
        Assert.Equal(1, request.Page);
        Assert.Equal(10, request.Size);
        Assert.Equal(SearchSort.Relevance, request.Sort);
        Assert.Equal(["a", "b", "c"], request.Feeds);
    }

    [Fact]
    public void An_empty_value_is_an_absent_one_for_every_parameter_sort_included()
    {
        var request = Read("?q=x&page=&size=&sort=&from=&to=&language=&feed=");
        Assert.Equal((1, 10, SearchSort.Relevance, null, null, null), (request.Page, request.Size, request.Sort, request.From, request.To, request.Language));
        Assert.Empty(request.Feeds);
        // The feeds' own default (newest) stands when sort is empty there.
        Assert.Equal(SearchSort.Newest, Read("?q=x&sort=", SearchSort.Newest).Sort);
        Assert.Equal(SearchSort.Relevance, Read("?q=x&sort=relevance", SearchSort.Newest).Sort);
    }

    [Theory]
    [InlineData("gu", "gu")]
    [InlineData("gu-IN", "gu-in")]
    [InlineData(" en ", "en")]
    public void A_language_tag_is_taken_in_lower_case(string language, string expected) =>
        Assert.Equal(expected, Read("?language=" + Uri.EscapeDataString(language)).Language);

    [Theory]
    [InlineData("gu_IN")]
    [InlineData("x")]
    [InlineData("gu,en")]
    [InlineData("ગુ")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void A_value_that_is_not_a_language_tag_is_refused_as_feeds_json_and_alerts_json_refuse_it(string language)
    {
        var error = Assert.Throws<SearchQueryException>(() => Read("?language=" + Uri.EscapeDataString(language)));
        Assert.Equal("language", error.Parameter);
        Assert.StartsWith($"language: \"{language}\" is not a language tag; use one such as gu or gu-in", error.Message);
    }

    [Fact]
    public void A_bare_date_covers_the_whole_day()
    {
        var request = Read("?from=2024-11-30&to=2024-11-30");
        Assert.Equal(DateTimeOffset.Parse("2024-11-30T00:00:00Z"), request.From);
        Assert.Equal(DateTimeOffset.Parse("2024-11-30T23:59:59.9999999Z"), request.To);
    }

    [Fact]
    public void The_last_day_of_the_calendar_is_a_valid_bound()
    {
        Assert.Equal(DateTimeOffset.MaxValue.UtcDateTime.Date, Read("?to=9999-12-31").To!.Value.UtcDateTime.Date);
    }

    [Theory]
    [InlineData("?size=0", "size")]
    [InlineData("?size=101", "size")]
    [InlineData("?size=ten", "size")]
    [InlineData("?page=-1", "page")]
    [InlineData("?sort=popular", "sort")]
    [InlineData("?from=30/11/2024", "from")]
    [InlineData("?from=2024-12-01&to=2024-11-01", "from")]
    [InlineData("?q=a&q=b", "q")]
    public void Out_of_range_values_name_the_parameter_and_what_is_allowed(string query, string parameter)
    {
        var error = Assert.Throws<SearchQueryException>(() => Read(query));
        Assert.Equal(parameter, error.Parameter);
        Assert.StartsWith(parameter + ":", error.Message);
    }

    [Theory]
    [InlineData("?page=2147483648", "page: \"2147483648\" is not allowed; use a whole number from 1 to 1000 (page × size may not exceed 10000)")]
    [InlineData("?page=1001", "page: \"1001\" is not allowed; use a whole number from 1 to 1000 (page × size may not exceed 10000)")]
    [InlineData("?page=101&size=100", "page: \"101\" is not allowed; use a whole number from 1 to 100 (page × size")]
    [InlineData("?from=0001-01-01T00:00:00%2B01:00", "from: \"0001-01-01T00:00:00+01:00\" is out of range: in UTC it falls outside 0001-01-01 to 9999-12-31")]
    [InlineData("?to=9999-12-31T23:00:00-05:00", "to: \"9999-12-31T23:00:00-05:00\" is out of range")]
    [InlineData("?from=2024-13-01T00:00:00%2B01:00", "from: \"2024-13-01T00:00:00+01:00\" is not an ISO 8601 date")]
    public void A_refusal_says_what_the_limit_is_not_a_format_the_value_already_has(string query, string expected)
    {
        Assert.StartsWith(expected, Assert.Throws<SearchQueryException>(() => Read(query)).Message);
    }

    [Fact]
    public void The_last_page_within_the_result_window_is_taken()
    {
        Assert.Equal(1000, Read("?page=1000").Page);
        Assert.Equal(100, Read("?page=100&size=100").Page);
    }
}
