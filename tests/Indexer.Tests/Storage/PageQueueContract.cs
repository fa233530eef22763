using Indexer.Articles;
using Indexer.Configuration;
using Indexer.Feeds.Parsing;
using Indexer.Storage;
using Indexer.Tests.Support;

namespace Indexer.Tests.Storage;

/// <summary>
/// The page queue, in every provider (SqliteStoreTests and PostgresStoreTests run it): filled by the upsert,
/// claimed under a lease, completed as a new change of the log, failed with a retry or for good.
/// </summary>
public abstract partial class StoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    // Pages are queued due now, by the store's clock; claims here look from a minute on (to the millisecond, as stored).
    // Per test, not per run: a whole-suite run reaches the PostgreSQL suite minutes after the first test starts.
    private readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());

    private static readonly PageStory Story = new("પહેલો ફકરો\nબીજો ફકરો", "પાનાના લેખક", DateTimeOffset.Parse("2024-11-29T06:00:00Z"),
        "https://news.example/a.jpg", "https://news.example/a");

    protected static ArticleDraft ShortItem(string guid, string body = "એક વાક્ય.", FullTextMode mode = FullTextMode.Auto, string? author = null) =>
        ArticleFactory.Create(Feed with { FullText = mode }, "gu",
            new ParsedItem(guid, $"https://news.example/{guid}", "શીર્ષક", null, null, author, null, body, null));

    [ToolFact]
    public async Task An_item_with_a_short_text_is_queued_once_per_version_and_again_when_the_feed_changes_it()
    {
        var storage = await OpenAsync();
        await storage.Articles.UpsertAsync([ShortItem("a"), ShortItem("long", new string('ક', 600)), ShortItem("never", mode: FullTextMode.Never)], default);
        await storage.Articles.UpsertAsync([ShortItem("a")], default);
        Assert.Equal(new PageQueueCounts(1, 0), (await storage.PageQueue.CountByFeedAsync(default))["news"]);

        var claim = Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        Assert.Equal((ShortItem("a").Id, "https://news.example/a", 1), (claim.ArticleId, claim.Url, claim.Attempt));
        Assert.True(await storage.PageQueue.CompleteAsync(claim, "one", Story, T0, default));
        Assert.Empty(await storage.PageQueue.CountByFeedAsync(default));

        // Polled again unchanged: nothing to fetch. Changed by the feed: its page again.
        await storage.Articles.UpsertAsync([ShortItem("a")], default);
        Assert.Empty(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        await storage.Articles.UpsertAsync([ShortItem("a", "બદલાયેલું વાક્ય.")], default);
        Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
    }

    [ToolFact]
    public async Task A_completed_page_is_a_new_change_whose_body_is_the_story_and_whose_summary_is_the_feed_text()
    {
        var storage = await OpenAsync();
        await storage.Articles.UpsertAsync([ShortItem("a", author: "ફીડના લેખક")], default);
        var before = await storage.Articles.GetLastSequenceAsync(default);
        var claim = Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        Assert.True(await storage.PageQueue.CompleteAsync(claim, "one", Story, T0.AddSeconds(5), default));

        var change = Assert.Single(await storage.Articles.ReadChangesAsync(before, 10, default));
        Assert.Equal(before + 1, change.Sequence);
        var article = change.Article!;
        Assert.Equal((Story.Body, BodySource.Page, "એક વાક્ય."), (article.Body, article.BodySource, article.Summary));
        // The feed's author wins; the page's date fills in for the feed's missing one.
        Assert.Equal(("ફીડના લેખક", Story.Published), (article.Author, article.Published));
        Assert.Equal((Story.ImageUrl, Story.CanonicalUrl, T0.AddSeconds(5), (string?)null),
            (article.ImageUrl, article.CanonicalUrl, article.ExtractedAt, article.ExtractionError));
    }

    [ToolFact]
    public async Task Instances_claiming_at_once_get_different_pages_and_a_held_page_waits_for_its_lease()
    {
        var storage = await OpenAsync();
        await storage.Articles.UpsertAsync(Enumerable.Range(0, 20).Select(i => ShortItem($"p{i}")).ToList(), default);
        var instances = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync()));
        var claims = await Task.WhenAll(instances.Select((s, n) => s.PageQueue.ClaimAsync($"owner-{n}", 8, Lease, T0, default)));
        var all = claims.SelectMany(c => c).Select(c => c.ArticleId).ToList();
        Assert.Equal(20, all.Count);
        Assert.Equal(20, all.Distinct().Count());

        // Nothing is free until the leases run out; then another owner takes over and the first can no longer complete.
        Assert.Empty(await storage.PageQueue.ClaimAsync("late", 50, Lease, T0 + Lease / 2, default));
        var first = claims.First(c => c.Count > 0)[0];
        var owner = $"owner-{Array.FindIndex(claims, c => c.Contains(first))}";
        Assert.Equal(1, await storage.PageQueue.RenewAsync(owner, [first.ArticleId], Lease, T0 + Lease / 2, default));
        var taken = await storage.PageQueue.ClaimAsync("late", 50, Lease, T0 + Lease + TimeSpan.FromSeconds(1), default);
        Assert.Equal(19, taken.Count);
        Assert.DoesNotContain(taken, c => c.ArticleId == first.ArticleId);
        var second = taken[0];
        Assert.Equal(2, second.Attempt);
        var lostOwner = Array.FindIndex(claims, c => c.Any(x => x.ArticleId == second.ArticleId));
        Assert.False(await storage.PageQueue.CompleteAsync(claims[lostOwner].Single(c => c.ArticleId == second.ArticleId), $"owner-{lostOwner}", Story, T0, default));
        Assert.True(await storage.PageQueue.CompleteAsync(second, "late", Story, T0, default));
    }

    [ToolFact]
    public async Task An_edited_item_keeps_the_story_read_from_its_page_while_the_page_is_read_again_and_after_that_fails()
    {
        var storage = await OpenAsync();
        await storage.Articles.UpsertAsync([ShortItem("a")], default);
        var first = Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        Assert.True(await storage.PageQueue.CompleteAsync(first, "one", Story, T0, default));

        // The publisher corrects the item's sentence: its title and sentence change at once, its story stays until
        // the page is read again.
        await storage.Articles.UpsertAsync([ShortItem("a", "સુધારેલું વાક્ય.")], default);
        var edited = (await storage.Articles.GetArticleAsync(first.ArticleId, default))!;
        Assert.Equal((Story.Body, BodySource.Page, "સુધારેલું વાક્ય."), (edited.Body, edited.BodySource, edited.Summary));

        var again = Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        Assert.True(await storage.PageQueue.FailAsync(again, "one", "HTTP 500 Internal Server Error", null, T0, default));
        var failed = (await storage.Articles.GetArticleAsync(first.ArticleId, default))!;
        Assert.Equal((Story.Body, BodySource.Page, "HTTP 500 Internal Server Error"), (failed.Body, failed.BodySource, failed.ExtractionError));

        // A version that no longer wants the page (the feed now says never), or that links elsewhere, is the feed's text.
        await storage.Articles.UpsertAsync([ShortItem("a", "ત્રીજું વાક્ય.", FullTextMode.Never)], default);
        Assert.Equal(("ત્રીજું વાક્ય.", BodySource.Feed), Body(await storage.Articles.GetArticleAsync(first.ArticleId, default)));
        await storage.Articles.UpsertAsync([ShortItem("b")], default);
        var b = Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        Assert.True(await storage.PageQueue.CompleteAsync(b, "one", Story, T0, default));
        var moved = ShortItem("b", "નવું વાક્ય.") with { Url = "https://news.example/elsewhere" };
        await storage.Articles.UpsertAsync([moved], default);
        Assert.Equal(("નવું વાક્ય.", BodySource.Feed), Body(await storage.Articles.GetArticleAsync(b.ArticleId, default)));

        static (string, BodySource) Body(Article? article) => (article!.Body, article.BodySource);
    }

    [ToolFact]
    public async Task Switching_the_feed_to_fullText_never_and_back_keeps_the_stored_story_and_fetches_no_page_again_until_the_item_changes()
    {
        var storage = await OpenAsync();
        await storage.Articles.UpsertAsync([ShortItem("a")], default);
        var claim = Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        Assert.True(await storage.PageQueue.CompleteAsync(claim, "one", Story, T0, default));
        var before = await storage.Articles.GetLastSequenceAsync(default);

        // The same item, fetched under never, then under auto again: nothing changed, nothing is queued.
        Assert.Equal(new UpsertResult(0, 0, 1), await storage.Articles.UpsertAsync([ShortItem("a", mode: FullTextMode.Never)], default));
        Assert.Equal((Story.Body, BodySource.Page), Body(await storage.Articles.GetArticleAsync(claim.ArticleId, default)));
        Assert.Equal(new UpsertResult(0, 0, 1), await storage.Articles.UpsertAsync([ShortItem("a")], default));
        Assert.Empty(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        Assert.Equal((Story.Body, BodySource.Page), Body(await storage.Articles.GetArticleAsync(claim.ArticleId, default)));
        Assert.Equal(before, await storage.Articles.GetLastSequenceAsync(default));

        // Stored under never, then auto: not queued until the item changes; then its page is.
        await storage.Articles.UpsertAsync([ShortItem("b", mode: FullTextMode.Never)], default);
        Assert.Equal(new UpsertResult(0, 0, 1), await storage.Articles.UpsertAsync([ShortItem("b")], default));
        Assert.Empty(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        await storage.Articles.UpsertAsync([ShortItem("b", "બદલાયેલું વાક્ય.")], default);
        Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));

        static (string, BodySource) Body(Article? article) => (article!.Body, article.BodySource);
    }

    [ToolFact]
    public async Task A_page_claimed_for_an_older_version_is_not_written_over_the_newer_one()
    {
        var storage = await OpenAsync();
        await storage.Articles.UpsertAsync([ShortItem("a")], default);
        var stale = Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        await storage.Articles.UpsertAsync([ShortItem("a", "નવું વાક્ય.")], default);

        Assert.False(await storage.PageQueue.CompleteAsync(stale, "one", Story, T0, default));
        Assert.Equal("નવું વાક્ય.", (await storage.Articles.GetArticleAsync(stale.ArticleId, default))!.Body);
        var fresh = Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        Assert.Equal(1, fresh.Attempt);
    }

    [ToolFact]
    public async Task A_failed_page_waits_for_its_retry_and_one_given_up_leaves_the_feed_text_and_says_why()
    {
        var storage = await OpenAsync();
        await storage.Articles.UpsertAsync([ShortItem("a")], default);
        var before = await storage.Articles.GetLastSequenceAsync(default);
        var claim = Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        Assert.True(await storage.PageQueue.FailAsync(claim, "one", "HTTP 503 Service Unavailable", T0.AddMinutes(5), T0, default));
        Assert.Empty(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0.AddMinutes(4), default));
        Assert.Equal("HTTP 503 Service Unavailable", (await storage.Articles.GetArticleAsync(claim.ArticleId, default))!.ExtractionError);

        var retry = Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0.AddMinutes(5), default));
        Assert.Equal(2, retry.Attempt);
        Assert.True(await storage.PageQueue.FailAsync(retry, "one", "HTTP 404 Not Found", null, T0.AddMinutes(5), default));
        Assert.Equal(new PageQueueCounts(0, 1), (await storage.PageQueue.CountByFeedAsync(default))["news"]);
        Assert.Empty(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0.AddDays(1), default));

        var article = (await storage.Articles.GetArticleAsync(claim.ArticleId, default))!;
        Assert.Equal(("એક વાક્ય.", BodySource.Feed, "HTTP 404 Not Found"), (article.Body, article.BodySource, article.ExtractionError));
        // A failure changes nothing the index holds: no new change.
        Assert.Equal(before, await storage.Articles.GetLastSequenceAsync(default));
    }

    [ToolFact]
    public async Task A_page_given_back_because_the_store_failed_is_due_again_without_the_try_counted_and_without_an_error()
    {
        var storage = await OpenAsync();
        await storage.Articles.UpsertAsync([ShortItem("a")], default);
        var claim = Assert.Single(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
        Assert.False(await storage.PageQueue.ReleaseAsync(claim, "other", T0.AddSeconds(5), default));
        Assert.True(await storage.PageQueue.ReleaseAsync(claim, "one", T0.AddSeconds(5), default));

        // Not before the given time, then free for anyone, still the first try, and nothing recorded on the article.
        Assert.Empty(await storage.PageQueue.ClaimAsync("two", 10, Lease, T0.AddSeconds(4), default));
        var again = Assert.Single(await storage.PageQueue.ClaimAsync("two", 10, Lease, T0.AddSeconds(5), default));
        Assert.Equal(1, again.Attempt);
        Assert.Null((await storage.Articles.GetArticleAsync(claim.ArticleId, default))!.ExtractionError);
        Assert.Equal(new PageQueueCounts(1, 0), (await storage.PageQueue.CountByFeedAsync(default))["news"]);
    }

    [ToolFact]
    public async Task A_dropped_page_leaves_the_queue_and_the_article_its_feed_text_without_an_error_and_only_its_holder_drops_it()
    {
        var storage = await OpenAsync();
        await storage.Articles.UpsertAsync([ShortItem("a"), ShortItem("b")], default);
        var before = await storage.Articles.GetLastSequenceAsync(default);
        var claims = await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default);
        Assert.Equal(2, claims.Count);

        Assert.False(await storage.PageQueue.DropAsync(claims[0], "another", default));
        Assert.True(await storage.PageQueue.DropAsync(claims[0], "one", default));
        Assert.False(await storage.PageQueue.DropAsync(claims[0], "one", default));
        Assert.Equal(new PageQueueCounts(1, 0), (await storage.PageQueue.CountByFeedAsync(default))["news"]);
        // Gone for good, not waiting for its lease to run out: after the leases only the other page comes back.
        var later = await storage.PageQueue.ClaimAsync("late", 10, Lease, T0 + Lease * 2, default);
        Assert.Equal([claims[1].ArticleId], later.Select(c => c.ArticleId));

        var article = (await storage.Articles.GetArticleAsync(claims[0].ArticleId, default))!;
        Assert.Equal(("એક વાક્ય.", BodySource.Feed, (string?)null), (article.Body, article.BodySource, article.ExtractionError));
        Assert.Equal(before, await storage.Articles.GetLastSequenceAsync(default));
    }

    [ToolFact]
    public async Task The_pending_pages_of_feeds_that_no_longer_want_them_are_dropped_at_once_except_the_one_being_read()
    {
        var storage = await OpenAsync();
        var other = Feed with { Id = "other" };
        await storage.Articles.UpsertAsync([ShortItem("read"), ShortItem("retry"), ShortItem("waiting"),
            ArticleFactory.Create(other, "gu", new ParsedItem("kept", "https://news.example/kept", "શીર્ષક", null, null, null, null, "એક વાક્ય.", null))], default);
        var claims = await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default);
        var news = claims.Where(c => c.FeedId == "news").ToList();
        Assert.Equal(3, news.Count);
        // Two of the news pages failed and wait to retry (one for five minutes), the third is still being read; the
        // other feed's page waits too.
        Assert.True(await storage.PageQueue.FailAsync(news[0], "one", "HTTP 503 Service Unavailable", T0.AddMinutes(5), T0, default));
        Assert.True(await storage.PageQueue.FailAsync(news[2], "one", "HTTP 503 Service Unavailable", T0, T0, default));
        Assert.True(await storage.PageQueue.FailAsync(claims.Single(c => c.FeedId == "other"), "one", "HTTP 503 Service Unavailable", T0, T0, default));

        Assert.Equal(2, await storage.PageQueue.DropOtherFeedsAsync(["other"], T0, default));
        var counts = await storage.PageQueue.CountByFeedAsync(default);
        Assert.Equal((new PageQueueCounts(1, 0), new PageQueueCounts(1, 0)), (counts["news"], counts["other"]));
        // The page being read can still be finished by its reader.
        Assert.True(await storage.PageQueue.CompleteAsync(news[1], "one", Story, T0, default));
        Assert.Equal(["other"], (await storage.PageQueue.CountByFeedAsync(default)).Keys);
    }

    [ToolFact]
    public async Task Articles_deleted_by_retention_leave_the_queue()
    {
        var storage = await OpenAsync();
        await storage.Articles.UpsertAsync([ShortItem("a"), ShortItem("b")], default);
        Assert.Equal(2, await storage.Articles.DeleteOlderThanAsync(DateTimeOffset.UtcNow.AddDays(1), default));
        Assert.Empty(await storage.PageQueue.CountByFeedAsync(default));
        Assert.Empty(await storage.PageQueue.ClaimAsync("one", 10, Lease, T0, default));
    }
}
