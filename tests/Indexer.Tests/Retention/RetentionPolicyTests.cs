using Indexer.Configuration;
using Indexer.Retention;
using Indexer.Search;
using Indexer.Storage;
using Indexer.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Indexer.Tests.Retention;

public sealed class RetentionPolicyTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-12-01T00:00:00Z");
    private readonly IndexFixture _fixture = new();
    private readonly FeedCatalog _catalog = new();

    public void Dispose() => _fixture.Dispose();

    private RetentionPolicy Policy(TimeSpan? maxAge) => new(
        _fixture.Store, _catalog, new StoreChangeSignal(),
        Microsoft.Extensions.Options.Options.Create(new RetentionOptions { MaxAge = maxAge }),
        new FixedClock(Now), NullLogger<RetentionPolicy>.Instance);

    private static FeedDefinition Feed(string id, int? maxArticles = null) =>
        new() { Id = id, Url = new Uri($"http://127.0.0.1/{id}.xml"), Interval = TimeSpan.FromMinutes(5), MaxArticles = maxArticles };

    private long Found(string query) =>
        new ArticleSearcher(_fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions())).Search(new SearchRequest { Query = query }).Total;

    [Fact]
    public async Task Articles_older_than_max_age_leave_the_store_and_then_the_index()
    {
        var old = Some.Article("old", "જૂના સમાચાર", "ચોમાસું", published: "2023-06-01T00:00:00Z");
        var recent = Some.Article("recent", "નવા સમાચાર", "ચોમાસું", published: "2024-11-20T00:00:00Z");
        await _fixture.AddAsync(old, recent);
        await _catalog.ReplaceAsync([Feed("news")], default);

        var result = await Policy(TimeSpan.FromDays(90)).ApplyAsync(default);
        await _fixture.Synchronizer.CatchUpAsync(default);

        Assert.Equal(1, result.Expired);
        Assert.Null(await _fixture.Store.GetArticleAsync(old.Id, default));
        Assert.NotNull(await _fixture.Store.GetArticleAsync(recent.Id, default));
        Assert.Equal(0, Found("જૂના"));
        Assert.Equal(1, Found("ચોમાસું"));
        Assert.Equal(1, _fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task A_feed_over_its_max_articles_keeps_its_newest_and_other_feeds_are_untouched()
    {
        var capped = Enumerable.Range(1, 5)
            .Select(day => Some.Article($"c{day}", $"સમાચાર {day}", "ગાંધીનગર", feed: "capped", published: $"2024-11-{day:00}T10:00:00Z"))
            .ToArray();
        var free = Enumerable.Range(1, 4)
            .Select(day => Some.Article($"f{day}", $"અહેવાલ {day}", "રાજકોટ", feed: "free", published: $"2024-11-{day:00}T10:00:00Z"))
            .ToArray();
        await _fixture.AddAsync([.. capped, .. free]);
        await _catalog.ReplaceAsync([Feed("capped", maxArticles: 2), Feed("free")], default);

        var result = await Policy(maxAge: null).ApplyAsync(default);
        await _fixture.Synchronizer.CatchUpAsync(default);

        Assert.Equal(0, result.Expired);
        Assert.Equal(3, result.TrimmedByFeed["capped"]);
        Assert.False(result.TrimmedByFeed.ContainsKey("free"));
        var counts = await _fixture.Store.CountArticlesByFeedAsync(default);
        Assert.Equal(2, counts["capped"]);
        Assert.Equal(4, counts["free"]);
        foreach (var kept in capped[3..])
            Assert.NotNull(await _fixture.Store.GetArticleAsync(kept.Id, default));
        Assert.Equal(2, Found("ગાંધીનગર"));
        Assert.Equal(4, Found("રાજકોટ"));
    }

    [Fact]
    public async Task Without_max_age_or_caps_nothing_is_deleted()
    {
        await _fixture.AddAsync(Some.Article("ancient", "ઇતિહાસ", "જૂનું", published: "2001-01-01T00:00:00Z"));
        await _catalog.ReplaceAsync([Feed("news")], default);

        var result = await Policy(maxAge: null).ApplyAsync(default);

        Assert.Equal(0, result.Total);
        Assert.Equal(1, (await _fixture.Store.CountArticlesByFeedAsync(default))["news"]);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
