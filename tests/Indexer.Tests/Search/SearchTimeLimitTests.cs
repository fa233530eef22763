using Indexer.Configuration;
using Indexer.Search;
using Indexer.Tests.Support;

namespace Indexer.Tests.Search;

public sealed class SearchTimeLimitTests : IAsyncLifetime
{
    private readonly IndexFixture _fixture = new();

    // More matches than the collector takes between two looks at the clock.
    private const int Articles = 3 * ArticleCollector.ClockEvery;

    public async Task InitializeAsync() => await _fixture.AddAsync(
        Enumerable.Range(0, Articles).Select(n => Some.Article($"a{n}", "રશિયા", $"લેખ નંબર {n}.")).ToArray());

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void A_search_that_runs_out_of_time_says_partial_and_keeps_what_it_found()
    {
        // The clock stands still while the collector is set up and takes its first matches, then jumps past the limit.
        var searcher = new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()), new ClockThatJumpsAfter(readings: 2));
        var result = searcher.Search(new SearchRequest { Query = "રશિયા" });
        Assert.True(result.Partial);
        Assert.Equal(ArticleCollector.ClockEvery, result.Total);
        Assert.Equal(10, result.Hits.Count);
        // Cut short is not "nothing matched every word": no OR retry that would hide the partial answer.
        Assert.Equal("AND", result.Operator);
    }

    [Fact]
    public void A_search_within_the_time_limit_is_complete()
    {
        var searcher = new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()), new ClockThatJumpsAfter(readings: int.MaxValue));
        var result = searcher.Search(new SearchRequest { Query = "રશિયા" });
        Assert.False(result.Partial);
        Assert.Equal(Articles, result.Total);
    }
}
