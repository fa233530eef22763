using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Tests.Support;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Indexer.Tests.Indexing;

/// <summary>
/// What the index holds after its writer or a document failed, from an outside review of the failure handling:
/// nothing claimed that is not there, nothing stale left searchable, no fault of the code taken for bad articles.
/// </summary>
public sealed class ArticleIndexRecoveryTests
{
    [Fact]
    public async Task A_commit_waiting_behind_a_refresh_whose_flush_fails_claims_none_of_the_dropped_articles()
    {
        using var fixture = new IndexFixture(new IndexingOptions { Threads = 1 });
        var (failing, waiting) = await FlushFailsWhileTheOtherWaitsAsync(fixture, index => index.Refresh(), index => index.Commit());
        await Assert.ThrowsAsync<IOException>(() => failing);
        await Record.ExceptionAsync(() => waiting);

        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.Equal(200, fixture.Index.DocumentCount);
        fixture.Reopen();
        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.Equal(200, fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task An_article_whose_new_version_is_left_out_is_not_found_by_its_old_text()
    {
        using var fixture = new IndexFixture();
        await fixture.AddAsync(Some.Article("p", "જૂનું", "ભાવનગરમાં"));
        var id = (await fixture.Store.ReadChangesAsync(0, 10, default)).Single().ArticleId;
        Assert.Equal(1, Count(fixture.Index, id));

        // Lucene refuses a 40,000-letter language as an immense term, every time.
        await fixture.AddAsync(Some.Article("p", "નવું", "સુરતમાં", language: new string('x', 40_000)));

        Assert.Equal(1, fixture.Index.SkippedArticles);
        Assert.Equal(0, Count(fixture.Index, id));
    }

    [Fact]
    public async Task Every_document_failing_alike_stops_the_catch_up_instead_of_leaving_every_article_out()
    {
        using var fixture = new IndexFixture();
        await fixture.StoreManyAsync(20);
        // A fault of the code, not of the articles: a lazily built table hitting a duplicate key throws for each.
        fixture.Index.ApplyHook = (_, _) => throw new ArgumentException("An item with the same key has already been added.");
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Synchronizer.CatchUpAsync(default));
        Assert.Equal(0, fixture.Index.SkippedArticles);

        fixture.Index.ApplyHook = null;
        fixture.Reopen();
        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.Equal(20, fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task A_hostile_feeds_articles_refused_by_lucene_in_one_batch_are_left_out_and_the_others_indexed()
    {
        using var fixture = new IndexFixture();
        var immense = new string('x', 40_000);
        await fixture.Store.UpsertAsync([.. Some.NumberedArticles(0, 10),
            .. Enumerable.Range(0, 5).Select(i => Some.Article($"h{i}", $"શીર્ષક {i}", "ભાવનગરમાં", feed: "hostile", language: immense))], default);

        await fixture.Synchronizer.CatchUpAsync(default);

        Assert.Equal(10, fixture.Index.DocumentCount);
        Assert.Equal(5, fixture.Index.SkippedArticles);
        Assert.Equal(0, await fixture.Synchronizer.GetLagAsync(default));
    }

    [Fact]
    public async Task A_rebuild_over_stored_articles_lucene_refuses_finishes()
    {
        using var fixture = new IndexFixture();
        var immense = new string('x', 40_000);
        await fixture.Store.UpsertAsync(Some.NumberedArticles(0, 850), default);
        await fixture.Store.UpsertAsync(Enumerable.Range(0, 150).Select(i => Some.Article($"h{i}", $"શીર્ષક {i}", "ભાવનગરમાં", feed: "hostile", language: immense)).ToArray(), default);
        fixture.Reopen(forceRebuild: true);

        await fixture.Synchronizer.CatchUpAsync(default);

        Assert.Null(fixture.Index.Rebuild);
        Assert.Equal(850, fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task A_refresh_waiting_behind_a_commit_whose_flush_fails_claims_none_of_the_dropped_articles()
    {
        using var fixture = new IndexFixture(new IndexingOptions { Threads = 1 });
        var (failing, waiting) = await FlushFailsWhileTheOtherWaitsAsync(fixture, index => index.Commit(), index => index.Refresh());
        await Assert.ThrowsAsync<IOException>(() => failing);
        await Record.ExceptionAsync(() => waiting);

        // What /health/ready reports as not yet searchable is what searches cannot find.
        Assert.Equal(200 - fixture.Index.DocumentCount, await fixture.Synchronizer.GetLagAsync(default));
        await fixture.Synchronizer.CatchUpAsync(default);
        Assert.Equal(200, fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task A_rebuild_goes_on_reporting_progress_after_a_failed_batch()
    {
        using var fixture = new IndexFixture(new IndexingOptions { Threads = 1 });
        await fixture.StoreManyAsync(4000);
        fixture.Reopen(forceRebuild: true);
        var failed = 0;
        fixture.Index.ApplyHook = (change, write) =>
        {
            if (change.Sequence == 3500 && Interlocked.Exchange(ref failed, 1) == 0) throw new IOException("No space left on device");
            write();
        };
        await Assert.ThrowsAsync<IOException>(() => fixture.Synchronizer.CatchUpAsync(default));

        // Newest first: the oldest change is in the last batch; by then most of the rebuild is done.
        long doneAtTheLastBatch = -1;
        fixture.Index.ApplyHook = (change, write) =>
        {
            write();
            if (change.Sequence == 1) doneAtTheLastBatch = fixture.Index.Rebuild?.Done ?? -1;
        };
        await fixture.Synchronizer.CatchUpAsync(default);

        Assert.InRange(doneAtTheLastBatch, 2000, 4000);
        Assert.Null(fixture.Index.Rebuild);
        Assert.Equal(4000, fixture.Index.DocumentCount);
    }

    /// <summary>
    /// 200 articles applied, not committed, to an index over a disk that fills up once; then <paramref name="first"/>
    /// (given the reopened index) starts a flush that the full disk fails, and
    /// <paramref name="second"/> starts while it is held. Both tasks come back with a deadline.
    /// </summary>
    private static async Task<(Task Failing, Task Waiting)> FlushFailsWhileTheOtherWaitsAsync(IndexFixture fixture, Action<ArticleIndex> first, Action<ArticleIndex> second)
    {
        var disk = new OneFullFlush();
        fixture.Reopen(directory: disk.Wrap);
        await fixture.StoreManyAsync(200);
        var changes = await fixture.Store.ReadChangesAsync(0, 1000, default);
        fixture.Index.Apply(changes, new SequenceRange(0, changes[^1].Sequence));

        disk.Armed = true;
        var index = fixture.Index;
        var failing = Task.Run(() => first(index));
        Assert.True(disk.Reached.Wait(TimeSpan.FromSeconds(20)), "the first flush did not start");
        var waiting = Task.Run(() => second(index));
        // Long enough for the second to be waiting on the flush; the outcome must not depend on how far it got.
        await Task.Delay(500);
        disk.Open.Set();
        return (failing.WaitAsync(TimeSpan.FromSeconds(20)), waiting.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    private static int Count(ArticleIndex index, string id)
    {
        using var lease = index.Acquire();
        return lease.Searcher.Search(new TermQuery(new Term(ArticleFields.Id, id)), 10).TotalHits;
    }

    /// <summary>The first file created after <see cref="Armed"/> waits for <see cref="Open"/>, then fails as a full disk would: one flush only.</summary>
    private sealed class OneFullFlush
    {
        public volatile bool Armed;
        public readonly ManualResetEventSlim Reached = new();
        public readonly ManualResetEventSlim Open = new();

        public LuceneDirectory Wrap(LuceneDirectory directory) => new Folder(directory, this);

        private sealed class Folder(LuceneDirectory directory, OneFullFlush disk) : FilterDirectory(directory)
        {
            public override IndexOutput CreateOutput(string name, IOContext context)
            {
                if (!disk.Armed) return base.CreateOutput(name, context);
                disk.Armed = false;
                disk.Reached.Set();
                if (!disk.Open.Wait(TimeSpan.FromSeconds(20))) throw new TimeoutException("the test did not open the gate");
                throw new IOException($"No space left on device: {name}");
            }
        }
    }
}
