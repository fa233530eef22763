using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Feeds.Parsing;
using Indexer.Storage;
using Indexer.Tests.Support;

namespace Indexer.Tests.Storage;

/// <summary>
/// What every store provider must do, whatever database is behind it. One derived class per provider; each test
/// starts from an empty database of its own. A new store concern gets its tests here, so every provider runs them.
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    protected static readonly FeedDefinition Feed = new() { Id = "news", Url = new Uri("http://127.0.0.1/feed"), Interval = TimeSpan.FromMinutes(5) };

    private readonly List<TestStorage> _opened = [];

    /// <summary>Opens this test's database through the service's registration (again, for a second instance).</summary>
    protected abstract Task<TestStorage> OpenStorageAsync(bool migrate = true);

    /// <summary>Marks this test's database as written by a program with a newer schema than this one knows.</summary>
    protected abstract Task StampSchemaVersionAsync(int version);

    protected async Task<TestStorage> OpenAsync(bool migrate = true)
    {
        var storage = await OpenStorageAsync(migrate);
        _opened.Add(storage);
        return storage;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var storage in _opened) await storage.DisposeAsync();
    }

    protected static ArticleDraft Draft(string guid, string body, string published = "2024-11-30T04:45:00Z", string title = "શીર્ષક") =>
        ArticleFactory.Create(Feed, "gu", new ParsedItem(guid, $"http://127.0.0.1/{guid}", title, DateTimeOffset.Parse(published), null, null, null, body, null));

    [ToolFact]
    public async Task Storing_the_same_items_again_changes_nothing_and_changed_content_updates_in_place()
    {
        var store = (await OpenAsync()).Articles;

        Assert.Equal(new UpsertResult(2, 0, 0), await store.UpsertAsync([Draft("a", "એક"), Draft("b", "બે")], default));
        Assert.Equal(new UpsertResult(0, 0, 2), await store.UpsertAsync([Draft("a", "એક"), Draft("b", "બે")], default));
        Assert.Equal(2, await store.GetLastSequenceAsync(default));

        Assert.Equal(new UpsertResult(0, 1, 1), await store.UpsertAsync([Draft("a", "નવું લખાણ"), Draft("b", "બે")], default));
        var article = await store.GetArticleAsync(Draft("a", "").Id, default);
        Assert.Equal("નવું લખાણ", article!.Body);
        Assert.Equal(2, (await store.CountArticlesByFeedAsync(default))["news"]);
    }

    [ToolFact]
    public async Task Each_feeds_article_count_is_exact_after_new_updated_and_deleted_articles_and_another_instances_writes()
    {
        var store = (await OpenAsync()).Articles;
        // Another instance on the same database, as another process would be.
        var other = (await OpenAsync()).Articles;
        async Task<long> CountAsync(IArticleStore s) => (await s.CountArticlesByFeedAsync(default)).GetValueOrDefault("news");

        await store.UpsertAsync([Draft("a", "એક", "2024-01-01T00:00:00Z"), Draft("b", "બે")], default);
        Assert.Equal(2, await CountAsync(store));
        await store.UpsertAsync([Draft("a", "નવું લખાણ", "2024-01-01T00:00:00Z"), Draft("b", "બે"), Draft("c", "ત્રણ")], default);
        Assert.Equal(3, await CountAsync(store));

        // The other instance writes, then this one, before anyone counts.
        await other.UpsertAsync([Draft("d", "ચાર")], default);
        await store.UpsertAsync([Draft("e", "પાંચ")], default);
        Assert.Equal(5, await CountAsync(store));
        Assert.Equal(5, await CountAsync(other));

        Assert.Equal(1, await other.DeleteOlderThanAsync(DateTimeOffset.Parse("2024-06-01T00:00:00Z"), default));
        Assert.Equal(4, await CountAsync(store));
        await store.UpsertAsync([Draft("f", "છ")], default);
        Assert.Equal(5, await CountAsync(store));
    }

    [ToolFact]
    public async Task Several_articles_are_read_at_once_and_unknown_ids_are_left_out()
    {
        var store = (await OpenAsync()).Articles;
        await store.UpsertAsync([Draft("a", "એક"), Draft("b", "બે"), Draft("c", "ત્રણ")], default);
        var found = await store.GetArticlesAsync([Draft("a", "").Id, Draft("c", "").Id, "no-such-article"], default);
        Assert.Equal(["એક", "ત્રણ"], found.Select(a => a.Body).Order());
        Assert.Empty(await store.GetArticlesAsync([], default));
    }

    [ToolFact]
    public async Task An_item_listed_twice_in_one_fetch_is_stored_once()
    {
        var store = (await OpenAsync()).Articles;
        Assert.Equal(new UpsertResult(1, 1, 1), await store.UpsertAsync([Draft("a", "એક"), Draft("a", "એક"), Draft("a", "બે")], default));
        Assert.Equal("બે", (await store.GetArticleAsync(Draft("a", "").Id, default))!.Body);
        Assert.Single(await store.ReadChangesAsync(0, 10, default));
    }

    [ToolFact]
    public async Task Every_change_gets_the_next_sequence_number_and_deletions_are_changes_too()
    {
        var store = (await OpenAsync()).Articles;
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
        Assert.Equal(4, await store.GetLastSequenceAsync(default));
    }

    [ToolFact]
    public async Task Items_without_guid_are_keyed_by_link_then_by_title_and_content()
    {
        var byLink = ArticleFactory.Create(Feed, null, new ParsedItem(null, "http://127.0.0.1/x", "t", null, null, null, null, "b", null));
        var byHash = ArticleFactory.Create(Feed, null, new ParsedItem(null, null, "t", null, null, null, null, "b", null));
        Assert.Equal("link:http://127.0.0.1/x", byLink.ItemKey);
        Assert.StartsWith("hash:", byHash.ItemKey);
        Assert.NotEqual(byLink.Id, byHash.Id);

        var store = (await OpenAsync()).Articles;
        Assert.Equal(2, (await store.UpsertAsync([byLink, byHash], default)).New);
        Assert.Equal(2, (await store.UpsertAsync([byLink, byHash], default)).Unchanged);
        var stored = await store.GetArticleAsync(byHash.Id, default);
        Assert.Null(stored!.Url);
        Assert.Null(stored.Published);
    }

    [ToolFact]
    public async Task An_item_whose_guid_changes_on_every_fetch_stays_one_article_and_another_story_at_its_link_is_another()
    {
        // audit9 F6c: the guid changes on every fetch, the link, title and text do not.
        static ArticleDraft Item(string? guid, string body, string link = "story/1", string feed = "news") =>
            ArticleFactory.Create(Feed with { Id = feed }, "gu",
                new ParsedItem(guid, $"http://127.0.0.1/{link}", "ગાઇડ બદલાય છે", null, null, null, null, body, null));
        var store = (await OpenAsync()).Articles;

        Assert.Equal(new UpsertResult(1, 0, 0), await store.UpsertAsync([Item("gc-1", "એ જ વાત")], default));
        // Nothing new, nothing updated, nothing in the change log that the index, the pages and the alerts follow.
        Assert.Equal(new UpsertResult(0, 0, 1), await store.UpsertAsync([Item("gc-2", "એ જ વાત")], default));
        Assert.Equal(new UpsertResult(0, 0, 1), await store.UpsertAsync([Item("gc-3", "એ જ વાત")], default));
        var first = Assert.Single(await store.ReadChangesAsync(0, 10, default)).Article!;
        // It keeps the guid and id it was first stored under: every later guid is compared with that one.
        Assert.Equal((Item("gc-1", "").Id, "gc-1"), (first.Id, first.Guid));

        // Another story at the same link is another article, as it was; so is the same item in another feed.
        Assert.Equal(new UpsertResult(1, 0, 0), await store.UpsertAsync([Item("gc-4", "બીજી જ વાત")], default));
        Assert.Equal(new UpsertResult(1, 0, 0), await store.UpsertAsync([Item("gc-5", "એ જ વાત", feed: "other")], default));
        // Two guids for one story in one document are one article.
        Assert.Equal(new UpsertResult(1, 0, 1), await store.UpsertAsync([Item("gc-6", "ત્રીજી વાત", "story/3"), Item("gc-7", "ત્રીજી વાત", "story/3")], default));
        // A feed that starts giving its items guids, or stops, does not list them again.
        Assert.Equal(new UpsertResult(1, 0, 0), await store.UpsertAsync([Item(null, "ચોથી વાત", "story/4")], default));
        Assert.Equal(new UpsertResult(0, 0, 2), await store.UpsertAsync([Item("gc-8", "ચોથી વાત", "story/4"), Item(null, "ત્રીજી વાત", "story/3")], default));

        Assert.Equal(4, (await store.CountArticlesByFeedAsync(default))["news"]);
        Assert.Equal(5, await store.GetLastSequenceAsync(default));
    }

    [ToolFact]
    public async Task Articles_and_feed_state_survive_a_new_store_instance()
    {
        var first = await OpenAsync();
        await first.Articles.UpsertAsync([Draft("a", "એક")], default);
        await first.FeedStates.SaveAsync(new FeedState { FeedId = "news", ETag = "\"v1\"", ConsecutiveFailures = 3, LastError = "HTTP 503" }, default);
        await first.DisposeAsync();
        _opened.Remove(first);

        var reopened = await OpenAsync();
        var article = await reopened.Articles.GetArticleAsync(Draft("a", "").Id, default);
        Assert.Equal(DateTimeOffset.Parse("2024-11-30T04:45:00Z"), article!.Published);
        Assert.Equal("એક", article.Body);
        var state = await reopened.FeedStates.GetAsync("news", default);
        Assert.Equal("\"v1\"", state!.ETag);
        Assert.Equal(3, state.ConsecutiveFailures);
        Assert.Equal(1, await reopened.Articles.GetLastSequenceAsync(default));
    }

    [ToolFact]
    public async Task Retention_by_age_deletes_old_articles_and_records_the_deletion()
    {
        var store = (await OpenAsync()).Articles;
        await store.UpsertAsync([Draft("old", "જૂનું")], default);
        Assert.Equal(1, await store.DeleteOlderThanAsync(DateTimeOffset.Parse("2025-01-01T00:00:00Z"), default));
        Assert.Null(await store.GetArticleAsync(Draft("old", "").Id, default));
        Assert.Null((await store.ReadChangesAsync(1, 10, default)).Single().Article);

        // The publisher still lists it: it stays deleted instead of coming back until the next retention run.
        Assert.Equal(new UpsertResult(0, 0, 1), await store.UpsertAsync([Draft("old", "જૂનું")], default));
        Assert.Null(await store.GetArticleAsync(Draft("old", "").Id, default));
        Assert.Equal(0, await store.DeleteOlderThanAsync(DateTimeOffset.Parse("2025-01-01T00:00:00Z"), default));
    }

    [ToolFact]
    public async Task Retention_deletes_in_batches_that_let_a_fetch_store_its_articles_in_between()
    {
        var storage = await OpenAsync();
        for (var start = 0; start < 20_000; start += 5000)
            await storage.Articles.UpsertAsync(Some.NumberedArticles(start, 5000), default);

        var before = await storage.Articles.GetLastSequenceAsync(default);
        var retention = storage.Articles.DeleteOlderThanAsync(DateTimeOffset.Parse("2025-01-01T00:00:00Z"), default);
        // Once retention has committed its first batch, a fetch stores its article before retention is done.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await storage.Articles.GetLastSequenceAsync(default) == before && !retention.IsCompleted && DateTime.UtcNow < deadline)
            await Task.Delay(1);
        await storage.Articles.UpsertAsync([Some.Article("fresh", "તાજું", "આજના સમાચાર", published: "2025-06-01T00:00:00Z")], default);
        Assert.False(retention.IsCompleted, "the fetch waited for the whole retention run");

        Assert.Equal(20_000, await retention.WaitAsync(TimeSpan.FromSeconds(120)));
        Assert.Equal(1, (await storage.Articles.CountArticlesByFeedAsync(default)).Values.Sum());
        // Every deletion is in the change log for the index, after the fetch's article or before it.
        var changes = await storage.Articles.ReadChangesAsync(before, 30_000, default);
        Assert.Equal(20_001, changes.Count);
        Assert.Equal(20_000, changes.Count(c => c.Article is null));
    }

    [ToolFact]
    public async Task Publishing_history_gives_the_newest_dates_first_and_counts_what_came_in()
    {
        var store = (await OpenAsync()).Articles;
        await store.UpsertAsync([Draft("1", "a", "2024-11-28T00:00:00Z"), Draft("2", "b", "2024-11-30T00:00:00Z"), Draft("3", "c", "2024-11-29T00:00:00Z")], default);
        var history = await store.GetPublishingHistoryAsync("news", DateTimeOffset.Parse("2024-11-28T12:00:00Z"), 5, default);
        Assert.Equal([DateTimeOffset.Parse("2024-11-30T00:00:00Z"), DateTimeOffset.Parse("2024-11-29T00:00:00Z")], history.RecentPublished);
        Assert.Equal(3, history.FirstSeenSince);
        Assert.True(await store.PingAsync(default));
    }

    [ToolFact]
    public async Task Feed_state_is_replaced_whole_and_listed_per_feed()
    {
        var states = (await OpenAsync()).FeedStates;
        Assert.Null(await states.GetAsync("news", default));
        var full = new FeedState
        {
            FeedId = "news", ETag = "\"e\"", LastModified = "Sat, 30 Nov 2024 04:45:00 GMT", BodyHash = "h",
            RedirectUrl = "http://127.0.0.1/moved", RedirectFrom = "http://127.0.0.1/feed",
            LastFetchedAt = DateTimeOffset.Parse("2024-11-30T04:45:00.123Z"), LastSuccessAt = DateTimeOffset.Parse("2024-11-30T04:45:00Z"),
            LastStatus = "fetched", LastHttpStatus = 200, LastError = null, LastWarning = "the document is cut off", ConsecutiveFailures = 0,
            NotBefore = DateTimeOffset.Parse("2024-11-30T05:00:00Z"), LastNewCount = 4, LastUpdatedCount = 1,
            FetchedFrom = "http://127.0.0.1/feed",
        };
        await states.SaveAsync(full, default);
        Assert.Equal(full, await states.GetAsync("news", default));

        // A failure replaces the state: what is not set is gone.
        var failed = new FeedState { FeedId = "news", LastStatus = "failed", LastHttpStatus = 503, LastError = "HTTP 503", ConsecutiveFailures = 1 };
        await states.SaveAsync(failed, default);
        await states.SaveAsync(new FeedState { FeedId = "other" }, default);
        Assert.Equal(failed, await states.GetAsync("news", default));
        Assert.Equal(["news", "other"], (await states.GetAllAsync(default)).Keys.Order());
    }

    [ToolFact]
    public async Task The_schema_is_migrated_once_recorded_and_a_second_migration_changes_nothing()
    {
        var storage = await OpenAsync(migrate: false);
        var first = await storage.Schema.MigrateAsync(default);
        Assert.Equal(new SchemaMigration(0, storage.Schema.LatestVersion), first);
        await storage.Articles.UpsertAsync([Draft("a", "એક")], default);
        Assert.Equal(new SchemaMigration(storage.Schema.LatestVersion, storage.Schema.LatestVersion), await storage.Schema.MigrateAsync(default));
        Assert.NotNull(await storage.Articles.GetArticleAsync(Draft("a", "").Id, default));
    }

    [ToolFact]
    public async Task Instances_starting_at_once_all_find_one_migrated_schema()
    {
        var instances = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync(migrate: false)));
        var results = await Task.WhenAll(instances.Select(i => i.Schema.MigrateAsync(default)));
        var latest = instances[0].Schema.LatestVersion;
        Assert.All(results, r => Assert.Equal(latest, r.To));
        // Exactly one of them did the work.
        Assert.Single(results, r => r.From == 0);
        await instances[1].Articles.UpsertAsync([Draft("a", "એક")], default);
        Assert.Equal(1, await instances[3].Articles.GetLastSequenceAsync(default));
    }

    [ToolFact]
    public async Task A_database_with_a_newer_schema_is_refused_with_one_clear_line()
    {
        var storage = await OpenAsync();
        await StampSchemaVersionAsync(storage.Schema.LatestVersion + 1);
        var refused = await Assert.ThrowsAsync<StoreSchemaException>(() => storage.Schema.MigrateAsync(default));
        Assert.Contains($"version {storage.Schema.LatestVersion + 1}, newer than this program knows ({storage.Schema.LatestVersion})", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [ToolFact]
    public async Task Concurrent_writers_and_a_follower_the_follower_ends_with_every_change_exactly_once()
    {
        var storage = await OpenAsync();
        var writers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync()));
        var expected = new HashSet<string>();
        var writes = writers.Select((w, n) => Task.Run(async () =>
        {
            for (var batch = 0; batch < 10; batch++)
                await w.Articles.UpsertAsync([Draft($"w{n}-{batch}-a", "એક"), Draft($"w{n}-{batch}-b", "બે")], default);
        })).ToArray();
        for (var n = 0; n < writers.Length; n++)
            for (var batch = 0; batch < 10; batch++)
                expected.UnionWith([Draft($"w{n}-{batch}-a", "").Id, Draft($"w{n}-{batch}-b", "").Id]);

        var follower = new ChangeFollower(storage.Articles);
        await follower.FollowUntilAsync(Task.WhenAll(writes));
        Assert.Equal(expected.Order(), follower.AppliedIds.Order());
    }

    protected static AlertMatch Match(string deliveryId, string alertId, string articleId, long sequence) =>
        new(deliveryId, alertId, articleId, sequence, $$"""{"alert":"{{alertId}}","deliveryId":"{{deliveryId}}"}""", DateTimeOffset.Parse("2024-11-30T10:00:00Z"));

    [ToolFact]
    public async Task Matches_are_written_with_the_matchers_progress_and_an_article_matches_an_alert_at_most_once()
    {
        var alerts = (await OpenAsync()).Alerts;
        Assert.Null(await alerts.GetMatcherProgressAsync(default));
        Assert.Equal(["d1"], (await alerts.CommitMatchesAsync(null, 5, [Match("d1", "russia", "a1", 3)], default))!.Select(m => m.DeliveryId));
        Assert.Equal(5, await alerts.GetMatcherProgressAsync(default));

        // A matcher that read the progress before this one moved it writes nothing.
        Assert.Null(await alerts.CommitMatchesAsync(null, 6, [Match("d9", "russia", "a9", 6)], default));
        Assert.Null(await alerts.CommitMatchesAsync(4, 6, [Match("d9", "russia", "a9", 6)], default));

        // The article changed and matched again: still one match for the pair; another alert has its own.
        var added = await alerts.CommitMatchesAsync(5, 8, [Match("d2", "russia", "a1", 7), Match("d3", "rain", "a1", 7), Match("d4", "russia", "a2", 8)], default);
        Assert.Equal(["d3", "d4"], added!.Select(m => m.DeliveryId).Order());
        Assert.Equal(8, await alerts.GetMatcherProgressAsync(default));
        var pending = await alerts.ReadPendingAfterAsync(OutboxPlace.Start, 10, default);
        Assert.Equal(["d1", "d3", "d4"], pending.Select(p => p.DeliveryId));
        Assert.Equal("""{"alert":"russia","deliveryId":"d1"}""", pending[0].Payload);
        Assert.Equal(DateTimeOffset.Parse("2024-11-30T10:00:00Z"), pending[0].NextAttemptAt);
        Assert.Equal(0, pending[0].Attempts);
    }

    [ToolFact]
    public async Task Pending_deliveries_are_read_on_from_a_place_and_per_alert_as_far_as_read()
    {
        var alerts = (await OpenAsync()).Alerts;
        await alerts.CommitMatchesAsync(null, 9,
            [Match("d1", "russia", "a1", 3), Match("d2", "rain", "a2", 5), Match("d3", "russia", "a2", 5), Match("d4", "storm", "a2", 5), Match("d5", "russia", "a3", 8)], default);

        // In pages of two: a page may end inside one change's matches, and the next goes on from there.
        async Task<string[]> After(OutboxPlace place) => [.. (await alerts.ReadPendingAfterAsync(place, 2, default)).Select(p => p.DeliveryId)];
        Assert.Equal(["d1", "d2"], await After(OutboxPlace.Start));
        Assert.Equal(["d3", "d4"], await After(new OutboxPlace(5, "rain")));
        Assert.Equal(["d5"], await After(new OutboxPlace(5, "storm")));
        Assert.Empty(await After(new OutboxPlace(8, "russia")));

        // One alert's oldest, as far as a reader has read: its long backlog is never read whole.
        async Task<string[]> Of(string alert, OutboxPlace through, int limit) => [.. (await alerts.ReadPendingAsync(alert, through, limit, default)).Select(p => p.DeliveryId)];
        Assert.Equal(["d1"], await Of("russia", new OutboxPlace(5, "rain"), 10));
        Assert.Equal(["d1", "d3"], await Of("russia", new OutboxPlace(5, "russia"), 10));
        Assert.Equal(["d1"], await Of("russia", new OutboxPlace(8, "russia"), 1));
        var now = DateTimeOffset.Parse("2024-11-30T10:00:00Z");
        Assert.True(await alerts.ClaimAsync("d1", now, now.AddSeconds(10), default));
        await alerts.MarkDeliveredAsync("d1", 204, now, default);
        Assert.Equal(["d3"], await Of("russia", new OutboxPlace(8, "russia"), 1));
        Assert.Empty(await Of("rain", new OutboxPlace(3, "russia"), 10));
    }

    [ToolFact]
    public async Task An_alert_keeps_the_start_it_was_first_seen_at()
    {
        var alerts = (await OpenAsync()).Alerts;
        Assert.Equal(10, (await alerts.RegisterAlertsAsync(["russia"], 10, default))["russia"]);
        var starts = await alerts.RegisterAlertsAsync(["russia", "rain"], 25, default);
        Assert.Equal(10, starts["russia"]);
        Assert.Equal(25, starts["rain"]);
    }

    [ToolFact]
    public async Task A_delivery_is_claimed_by_one_worker_at_a_time_retried_and_counted_per_alert()
    {
        var alerts = (await OpenAsync()).Alerts;
        await alerts.RegisterAlertsAsync(["russia"], 0, default);
        await alerts.CommitMatchesAsync(null, 3, [Match("d1", "russia", "a1", 1), Match("d2", "russia", "a2", 2), Match("d3", "russia", "a3", 3)], default);
        var now = DateTimeOffset.Parse("2024-11-30T10:00:00Z");

        Assert.True(await alerts.ClaimAsync("d1", now, now.AddSeconds(10), default));
        Assert.False(await alerts.ClaimAsync("d1", now.AddSeconds(5), now.AddSeconds(15), default)); // held by the first
        Assert.True(await alerts.ClaimAsync("d1", now.AddSeconds(10), now.AddSeconds(20), default)); // its claim ran out
        await alerts.MarkAttemptFailedAsync("d1", 503, "HTTP 503 Service Unavailable", now.AddSeconds(11), now.AddSeconds(30), default);
        var retry = (await alerts.ReadPendingAfterAsync(OutboxPlace.Start, 10, default))[0];
        Assert.Equal(("d1", 2, now.AddSeconds(30)), (retry.DeliveryId, retry.Attempts, retry.NextAttemptAt));
        Assert.Null(retry.ClaimedUntil);

        Assert.True(await alerts.ClaimAsync("d1", now.AddSeconds(30), now.AddSeconds(40), default));
        await alerts.MarkDeliveredAsync("d1", 204, now.AddSeconds(31), default);
        Assert.False(await alerts.ClaimAsync("d1", now.AddSeconds(60), now.AddSeconds(70), default)); // done: never sent again
        Assert.True(await alerts.ClaimAsync("d2", now, now.AddSeconds(10), default));
        await alerts.MarkAttemptFailedAsync("d2", null, "connection refused", now.AddSeconds(32), null, default);

        Assert.Equal(["d3"], (await alerts.ReadPendingAfterAsync(OutboxPlace.Start, 10, default)).Select(p => p.DeliveryId));
        var stats = (await alerts.GetStatsAsync(default))["russia"];
        Assert.Equal((3L, 1L, 1L, 1L), (stats.Matches, stats.Delivered, stats.Pending, stats.Failed));
        Assert.Equal(now.AddSeconds(31), stats.LastDeliveredAt);
        Assert.Equal("connection refused", stats.LastError);
        Assert.Equal(now.AddSeconds(32), stats.LastErrorAt);
    }
}

/// <summary>Reads the change log as the index does (after the last applied number, in batches) and records what it applied.</summary>
public sealed class ChangeFollower(IArticleStore store)
{
    private readonly List<ArticleChange> _applied = [];

    public IReadOnlyList<string> AppliedIds => _applied.Select(c => c.ArticleId).ToList();

    /// <summary>Follows while <paramref name="writers"/> run, then catches up once more; fails on a number seen twice or out of order.</summary>
    public async Task FollowUntilAsync(Task writers, int batchSize = 7)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long last = 0;
        while (true)
        {
            var done = writers.IsCompleted;
            var changes = await store.ReadChangesAsync(last, batchSize, default);
            foreach (var change in changes)
            {
                Assert.True(change.Sequence > last, $"change {change.Sequence} read after {last}");
                last = change.Sequence;
                _applied.Add(change);
            }
            if (done && changes.Count == 0) break;
            Assert.True(DateTime.UtcNow < deadline, "the writers did not finish in time");
            if (changes.Count == 0) await Task.Delay(2);
        }
        await writers;
    }

}
