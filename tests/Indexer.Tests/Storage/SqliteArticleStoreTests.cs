using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Feeds.Parsing;
using Indexer.Storage;
using Indexer.Tests.Support;

namespace Indexer.Tests.Storage;

public sealed class SqliteArticleStoreTests : IDisposable
{
    private static readonly FeedDefinition Feed = new() { Id = "news", Url = new Uri("http://127.0.0.1/feed"), Interval = TimeSpan.FromMinutes(5) };
    private readonly TempDirectory _folder = new();

    private SqliteArticleStore NewStore() => new(_folder.Combine("articles.db"));

    private static ArticleDraft Draft(string guid, string body, string published = "2024-11-30T04:45:00Z") =>
        ArticleFactory.Create(Feed, "gu", new ParsedItem(guid, $"http://127.0.0.1/{guid}", "શીર્ષક", DateTimeOffset.Parse(published), null, null, null, body, null));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Storing_the_same_items_again_changes_nothing_and_changed_content_updates_in_place()
    {
        using var store = NewStore();
        await store.InitializeAsync(default);

        Assert.Equal(new UpsertResult(2, 0, 0), await store.UpsertAsync([Draft("a", "એક"), Draft("b", "બે")], default));
        Assert.Equal(new UpsertResult(0, 0, 2), await store.UpsertAsync([Draft("a", "એક"), Draft("b", "બે")], default));
        Assert.Equal(2, await store.GetLastSequenceAsync(default));

        Assert.Equal(new UpsertResult(0, 1, 1), await store.UpsertAsync([Draft("a", "નવું લખાણ"), Draft("b", "બે")], default));
        var article = await store.GetArticleAsync(Draft("a", "").Id, default);
        Assert.Equal("નવું લખાણ", article!.Body);
        Assert.Equal(2, (await store.CountArticlesByFeedAsync(default))["news"]);
    }

    [Fact]
    public async Task Every_change_gets_the_next_sequence_number_and_deletions_are_changes_too()
    {
        using var store = NewStore();
        await store.InitializeAsync(default);
        await store.UpsertAsync([Draft("a", "એક", "2024-01-01T00:00:00Z"), Draft("b", "બે", "2024-06-01T00:00:00Z")], default);
        await store.UpsertAsync([Draft("a", "એક બદલાયું", "2024-01-01T00:00:00Z")], default);
        // The update of "a" (3) replaces its first change (1): followers only need the latest state.
        Assert.Equal([2L, 3L], (await store.ReadChangesAsync(0, 100, default)).Select(c => c.Sequence));

        // Trimming to one article deletes the older "a": its tombstone (4) supersedes its last update (3).
        Assert.Equal(1, await store.TrimFeedAsync("news", 1, default));
        var changes = await store.ReadChangesAsync(0, 100, default);
        Assert.Equal([2L, 4L], changes.Select(c => c.Sequence));
        Assert.Equal(Draft("a", "").Id, changes[^1].ArticleId);
        Assert.Null(changes[^1].Article);
        Assert.Single(await store.ReadChangesAsync(2, 100, default));
        Assert.Single(await store.ReadChangesAsync(0, 1, default));
    }

    [Fact]
    public async Task Items_without_guid_are_keyed_by_link_then_by_title_and_content()
    {
        var byLink = ArticleFactory.Create(Feed, null, new ParsedItem(null, "http://127.0.0.1/x", "t", null, null, null, null, "b", null));
        var byHash = ArticleFactory.Create(Feed, null, new ParsedItem(null, null, "t", null, null, null, null, "b", null));
        Assert.Equal("link:http://127.0.0.1/x", byLink.ItemKey);
        Assert.StartsWith("hash:", byHash.ItemKey);
        Assert.NotEqual(byLink.Id, byHash.Id);

        using var store = NewStore();
        await store.InitializeAsync(default);
        Assert.Equal(2, (await store.UpsertAsync([byLink, byHash], default)).New);
        Assert.Equal(2, (await store.UpsertAsync([byLink, byHash], default)).Unchanged);
    }

    [Fact]
    public async Task Articles_and_feed_state_survive_a_new_store_instance()
    {
        using (var store = NewStore())
        {
            await store.InitializeAsync(default);
            await store.UpsertAsync([Draft("a", "એક")], default);
            await store.SaveFeedStateAsync(new FeedState { FeedId = "news", ETag = "\"v1\"", ConsecutiveFailures = 3, LastError = "HTTP 503" }, default);
        }
        using var reopened = NewStore();
        await reopened.InitializeAsync(default);
        var article = await reopened.GetArticleAsync(Draft("a", "").Id, default);
        Assert.Equal(DateTimeOffset.Parse("2024-11-30T04:45:00Z"), article!.Published);
        var state = await reopened.GetFeedStateAsync("news", default);
        Assert.Equal("\"v1\"", state!.ETag);
        Assert.Equal(3, state.ConsecutiveFailures);
        Assert.Equal(1, await reopened.GetLastSequenceAsync(default));
    }

    [Fact]
    public async Task Retention_by_age_deletes_old_articles_and_records_the_deletion()
    {
        using var store = NewStore();
        await store.InitializeAsync(default);
        await store.UpsertAsync([Draft("old", "જૂનું")], default);
        Assert.Equal(1, await store.DeleteOlderThanAsync(DateTimeOffset.Parse("2025-01-01T00:00:00Z"), default));
        Assert.Null(await store.GetArticleAsync(Draft("old", "").Id, default));
        Assert.Null((await store.ReadChangesAsync(1, 10, default)).Single().Article);

        // The publisher still lists it: it stays deleted instead of coming back until the next retention run.
        Assert.Equal(new UpsertResult(0, 0, 1), await store.UpsertAsync([Draft("old", "જૂનું")], default));
        Assert.Null(await store.GetArticleAsync(Draft("old", "").Id, default));
    }
}
