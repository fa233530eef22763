using System.Diagnostics;
using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Search;
using Indexer.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Indexer.Tests.Indexing;

public sealed class IndexSynchronizerTests(ITestOutputHelper output)
{
    private static long Found(IndexFixture fixture, string query) =>
        new ArticleSearcher(fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions()))
            .Search(new SearchRequest { Query = query }).Total;

    [Fact]
    public async Task An_article_stored_during_a_large_backlog_is_searchable_long_before_the_backlog_is()
    {
        const int backlog = 60_000;
        // The backlog's older part is not refreshed at all while it is applied: the fresh article must not wait for it.
        using var fixture = new IndexFixture(new IndexingOptions { RefreshInterval = TimeSpan.FromMilliseconds(200), BackfillRefreshInterval = TimeSpan.FromMinutes(5) });
        await fixture.StoreManyAsync(backlog);
        // The index is busy with the backlog (it has the newest thousand) when a fetch stores one more article.
        fixture.Index.Apply(await fixture.Store.ReadChangesAsync(backlog - 1000, 1000, default), new SequenceRange(backlog - 1000, backlog));
        await fixture.Store.UpsertAsync([Some.Article("fresh", "તાજા સમાચાર", "ભાવનગરમાં ઝરમર વરસાદ")], default);
        var stored = Stopwatch.StartNew();

        using var stop = new CancellationTokenSource();
        var following = FollowAsync(fixture.Synchronizer, stop.Token);
        long lagWhenFound = -1;
        while (stored.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (Found(fixture, "ભાવનગર") > 0)
            {
                lagWhenFound = await fixture.Synchronizer.GetLagAsync(default);
                break;
            }
            await Task.Delay(10);
        }
        output.WriteLine($"searchable {stored.ElapsedMilliseconds} ms after it was stored; {lagWhenFound} older changes still not searchable then");
        Assert.True(lagWhenFound >= 0, "the fresh article was not searchable within 20 s");
        // Newest first: most of the backlog was still waiting when the fresh article could be found.
        Assert.True(lagWhenFound > backlog / 2, $"only {lagWhenFound} of {backlog} backlog changes were still waiting");

        var deadline = Stopwatch.StartNew();
        while (await fixture.Synchronizer.GetLagAsync(default) > 0 && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
        await stop.CancelAsync();
        await following;
        Assert.Equal(0, await fixture.Synchronizer.GetLagAsync(default));
        Assert.Equal(backlog + 1, fixture.Index.DocumentCount);
        Assert.Equal(backlog + 1, fixture.Index.AppliedSequence);
    }

    /// <summary>What the indexing service does: catch up, look again shortly, until stopped.</summary>
    private static Task FollowAsync(IndexSynchronizer synchronizer, CancellationToken stop) => Task.Run(async () =>
    {
        try
        {
            while (true)
            {
                await synchronizer.CatchUpAsync(stop);
                await Task.Delay(20, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    });

    [Fact]
    public async Task Searches_see_progress_during_a_catch_up_and_the_lag_counts_what_they_cannot_see()
    {
        using var fixture = new IndexFixture(new IndexingOptions { RefreshInterval = TimeSpan.FromMilliseconds(50), BackfillRefreshInterval = TimeSpan.FromMilliseconds(50) });
        await fixture.StoreManyAsync(20_000);
        Assert.Equal(20_000, await fixture.Synchronizer.GetLagAsync(default));

        // The catch-up is held at its third read (made while the second window is applied), so the test sees it
        // half way on a machine of any speed. The first window is refreshed as soon as it is applied (the refresh
        // interval has passed since the synchronizer was made), beside the catch-up: searches see it while the
        // catch-up is still held.
        var held = new HeldChangeLog(fixture.Store, readsBeforeHold: 2);
        var synchronizer = new IndexSynchronizer(held, fixture.Index, NullLogger<IndexSynchronizer>.Instance, fixture.Indexing);
        await Task.Delay(fixture.Indexing.Value.RefreshInterval * 2);
        var catchUp = Task.Run(() => synchronizer.CatchUpAsync(default));
        await held.Holding.WaitAsync(TimeSpan.FromSeconds(60));
        var visible = Stopwatch.StartNew();
        while (fixture.Index.DocumentCount < 1000 && visible.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10);

        var lag = await synchronizer.GetLagAsync(default);
        var documents = fixture.Index.DocumentCount;
        Assert.InRange(documents, 1000, 2000);
        // The lag never claims searches see more than they do (the searcher was read just after the lag).
        Assert.True(20_000 - lag <= documents, $"lag {lag} with {documents} searchable");
        Assert.True(lag > 0);

        held.Release();
        await catchUp.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Equal(0, await synchronizer.GetLagAsync(default));
        Assert.Equal(20_000, fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task An_article_whose_document_always_fails_is_left_out_after_a_few_tries_and_the_catch_up_goes_on_past_it()
    {
        using var fixture = new IndexFixture();
        var log = new RecordingLogger<ArticleIndex>();
        fixture.Reopen(logger: log);
        // A publisher's item whose language is 40,000 letters long: Lucene refuses a term that long in any document.
        // Stored between two backlogs, so the catch-up (newest first) meets it before the older thousand.
        await fixture.StoreManyAsync(1500);
        await fixture.Store.UpsertAsync([Some.Article("poison", "ઝેરી", "ભાવનગરમાં", language: new string('x', 40_000))], default);
        await fixture.Store.UpsertAsync(Some.NumberedArticles(1500, 10), default);
        var poison = (await fixture.Store.ReadChangesAsync(1500, 1, default)).Single();
        var tries = 0;
        fixture.Index.ApplyHook = (change, write) =>
        {
            if (change.ArticleId == poison.ArticleId) Interlocked.Increment(ref tries);
            write();
        };

        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.Equal(1510, fixture.Index.DocumentCount);
        Assert.Equal(0, Found(fixture, "ભાવનગર"));
        Assert.Equal(1, Found(fixture, "n0"));
        Assert.Equal(ArticleIndex.DocumentTries, tries);
        Assert.Equal(1, fixture.Index.SkippedArticles);
        var warning = Assert.Single(log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(poison.ArticleId, warning.Message);
        Assert.Contains("immense term", warning.Exception?.Message);

        // Counted as applied: neither the next catch-up nor a restart tries it again, or says so again.
        Assert.Equal(0, await fixture.Synchronizer.CatchUpAsync(default));
        Assert.Equal(ArticleIndex.DocumentTries, tries);
        fixture.Reopen(logger: log);
        Assert.Equal(0, await fixture.Synchronizer.CatchUpAsync(default));
        Assert.Single(log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(0, await fixture.Synchronizer.GetLagAsync(default));
    }

    [Fact]
    public async Task A_failure_that_is_not_one_document_s_own_stops_the_catch_up_rather_than_leave_articles_out()
    {
        // As when the analyzer cannot load: every document fails, whatever its text.
        using var fixture = new IndexFixture();
        await fixture.StoreManyAsync(20);
        fixture.Index.ApplyHook = (_, _) => throw new TypeInitializationException("Indexer.Indexing.ArticleDocument", null);
        await Assert.ThrowsAsync<TypeInitializationException>(() => fixture.Synchronizer.CatchUpAsync(default));
        Assert.Equal(0, fixture.Index.SkippedArticles);
        Assert.Equal(20, await fixture.Synchronizer.GetLagAsync(default));

        // Mended (a new deployment); a restart catches up with all of them.
        fixture.Index.ApplyHook = null;
        fixture.Reopen();
        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.Equal(20, fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task Applied_changes_are_searchable_at_once_and_made_durable_on_the_commit_cadence()
    {
        using var fixture = new IndexFixture(new IndexingOptions { CommitInterval = TimeSpan.FromHours(1) });
        await fixture.AddAsync(Some.Article("a", "પહેલું", "ગાંધીનગરમાં"));
        Assert.Equal(1, Found(fixture, "ગાંધીનગર"));
        Assert.Equal(0, fixture.Index.CommittedSequence);

        // A clean stop commits; so does a restart find it all without applying anything again.
        fixture.Reopen();
        Assert.Equal(1, fixture.Index.CommittedSequence);
        Assert.Equal(0, await fixture.Synchronizer.CatchUpAsync(default));
    }

    [Fact]
    public async Task A_rebuild_reports_progress_resumes_after_a_restart_and_indexes_each_article_once()
    {
        using var fixture = new IndexFixture();
        await fixture.StoreManyAsync(3000);
        await fixture.Synchronizer.CatchUpAsync(default);

        fixture.Reopen(forceRebuild: true);
        Assert.Equal(new RebuildProgress(0, 0), fixture.Index.Rebuild);
        // The rebuild's first step, by hand: the newest thousand, then a stop before the rest.
        fixture.Index.SetRebuildTarget(3000, 3000);
        var newest = await fixture.Store.ReadChangesAsync(2000, 1000, default);
        fixture.Index.Apply(newest, new SequenceRange(2000, 3000));
        fixture.Index.Refresh();
        Assert.Equal(new RebuildProgress(1000, 3000), fixture.Index.Rebuild);
        Assert.Equal(1, Found(fixture, "n2999"));
        Assert.Equal(0, Found(fixture, "n5"));

        fixture.Reopen();
        Assert.Null(fixture.Index.RebuildReason);
        Assert.Equal("2000-3000", fixture.Index.Applied.ToString());
        Assert.NotNull(fixture.Index.Rebuild);

        // Changed while the rebuild was cut short: one article it had reached, one it had not.
        await fixture.Store.UpsertAsync([Some.Article("n2500", "બદલાયેલું", "સુધારેલો અહેવાલ"), Some.Article("n10", "બદલાયેલું", "નવો અહેવાલ")], default);
        await fixture.Synchronizer.CatchUpAsync(default);

        Assert.Null(fixture.Index.Rebuild);
        Assert.Equal(3000, fixture.Index.DocumentCount);
        Assert.Equal(2, Found(fixture, "બદલાયેલું"));
        Assert.Equal(0, Found(fixture, "n2500"));
        Assert.Equal(1, Found(fixture, "n11"));

        // Done and committed: the next start neither rebuilds nor applies anything.
        fixture.Reopen();
        Assert.Null(fixture.Index.Rebuild);
        Assert.Equal(0, await fixture.Synchronizer.CatchUpAsync(default));
    }
}
