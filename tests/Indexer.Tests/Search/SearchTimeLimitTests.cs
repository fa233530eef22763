using Indexer.Configuration;
using Indexer.Search;
using Indexer.Tests.Support;
using Lucene.Net.Util;

namespace Indexer.Tests.Search;

public sealed class SearchTimeLimitTests : IAsyncLifetime
{
    private readonly IndexFixture _fixture = new();

    public async Task InitializeAsync() => await _fixture.AddAsync(
        Some.Article("a", "રશિયા", "પહેલો લેખ."),
        Some.Article("b", "રશિયા", "બીજો લેખ."),
        Some.Article("c", "રશિયા", "ત્રીજો લેખ."));

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void A_search_that_runs_out_of_time_says_partial_and_keeps_what_it_found()
    {
        // The clock stands still while the collector is set up and takes its first match, then jumps past the limit.
        var searcher = new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()), new ClockThatJumpsAfter(readings: 2));
        var result = searcher.Search(new SearchRequest { Query = "રશિયા" });
        Assert.True(result.Partial);
        Assert.Equal(1, result.Total);
        Assert.Single(result.Hits);
        // Cut short is not "nothing matched every word": no OR retry that would hide the partial answer.
        Assert.Equal("AND", result.Operator);
    }

    [Fact]
    public void A_search_within_the_time_limit_is_complete()
    {
        var searcher = new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()), new ClockThatJumpsAfter(readings: int.MaxValue));
        var result = searcher.Search(new SearchRequest { Query = "રશિયા" });
        Assert.False(result.Partial);
        Assert.Equal(3, result.Total);
    }

    private sealed class ClockThatJumpsAfter(int readings) : Counter
    {
        private int _read;

        public override long Value => ++_read > readings ? long.MaxValue / 2 : 0;

        public override long AddAndGet(long delta) => throw new NotSupportedException();
    }
}
