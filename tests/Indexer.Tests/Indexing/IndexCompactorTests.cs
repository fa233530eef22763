using System.Diagnostics;
using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Search;
using Indexer.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Indexer.Tests.Indexing;

public sealed class IndexCompactorTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);

    private static IndexingOptions Options(int after = 1000, int segments = 1) =>
        new() { CompactAfterChanges = after, CompactToSegments = segments, CompactWhenQuietFor = Quiet };

    private static long Found(IndexFixture fixture, string query) =>
        new ArticleSearcher(fixture.Index, Microsoft.Extensions.Options.Options.Create(new SearchOptions { ResultCacheSize = 0 }))
            .Search(new SearchRequest { Query = query }).Total;

    /// <summary>Stores <paramref name="rounds"/> × <paramref name="each"/> articles, refreshing after each round as the service does, so each round is a segment.</summary>
    private static async Task GrowAsync(IndexFixture fixture, int rounds, int each)
    {
        for (var round = 0; round < rounds; round++)
        {
            await fixture.Store.UpsertAsync(Some.NumberedArticles(round * each, each), default);
            await fixture.Synchronizer.CatchUpAsync(default);
        }
    }

    private static IndexCompactor Compactor(IndexFixture fixture, ManualClock clock) =>
        new(fixture.Index, fixture.Indexing, NullLogger<IndexCompactor>.Instance, clock);

    /// <summary>What the indexing loop does while nothing arrives: looks again until the merge it started is finished.</summary>
    private static void IdleUntilMerged(IndexCompactor compactor)
    {
        var deadline = Stopwatch.StartNew();
        while (compactor.IsMerging && deadline.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(10);
        Assert.False(compactor.IsMerging, "the merge did not finish within 60 s");
        compactor.AfterCatchUp(0);
    }

    [Fact]
    public async Task After_many_changes_and_a_quiet_spell_the_index_is_merged_into_few_segments_and_stays_so_after_a_restart()
    {
        using var fixture = new IndexFixture(Options(after: 1000, segments: 1));
        await GrowAsync(fixture, rounds: 8, each: 250);
        var before = fixture.Index.SegmentCount;
        Assert.True(before > 1, $"the test needs several segments; the index has {before}");
        Assert.Equal(2000, Found(fixture, "ગાંધીનગર"));
        var clock = new ManualClock();
        var compactor = Compactor(fixture, clock);

        compactor.AfterCatchUp(0);
        Assert.False(compactor.IsMerging);
        Assert.Equal(before, fixture.Index.SegmentCount);

        clock.Advance(Quiet);
        compactor.AfterCatchUp(0);
        IdleUntilMerged(compactor);
        Assert.Equal(1, fixture.Index.SegmentCount);
        Assert.Equal(2000, Found(fixture, "ગાંધીનગર"));
        Assert.Equal(1, Found(fixture, "n1999"));
        Assert.Equal(2000, fixture.Index.CompactedThrough);

        // The commit kept the merged segment and what it holds: a restart neither undoes the merge nor owes another.
        fixture.Reopen();
        Assert.Equal(1, fixture.Index.SegmentCount);
        Assert.Equal(2000, fixture.Index.CompactedThrough);
        await GrowAsync(fixture, rounds: 3, each: 10);
        var restarted = Compactor(fixture, clock);
        clock.Advance(Quiet * 2);
        restarted.AfterCatchUp(0);
        Assert.False(restarted.IsMerging, "30 changes since the last merge are far from the 1,000 that call for another");
    }

    [Fact]
    public async Task Changes_still_arriving_hold_the_merge_off_and_too_few_never_start_it()
    {
        using var fixture = new IndexFixture(Options(after: 1000, segments: 2));
        await GrowAsync(fixture, rounds: 6, each: 150);
        var clock = new ManualClock();
        var compactor = Compactor(fixture, clock);
        clock.Advance(Quiet * 10);
        compactor.AfterCatchUp(0);
        Assert.False(compactor.IsMerging, "900 changes are fewer than the 1,000 that call for a merge");

        // A large ingest in progress: each catch-up applies something, so the index is never quiet for 30 s.
        for (var round = 6; round < 12; round++)
        {
            await fixture.Store.UpsertAsync(Some.NumberedArticles(round * 150, 150), default);
            var applied = await fixture.Synchronizer.CatchUpAsync(default);
            clock.Advance(TimeSpan.FromSeconds(20));
            compactor.AfterCatchUp(applied);
            Assert.False(compactor.IsMerging, $"merging during an ingest, after round {round}");
        }
        clock.Advance(TimeSpan.FromSeconds(20));
        compactor.AfterCatchUp(0);
        Assert.False(compactor.IsMerging, "only 20 s quiet");
        clock.Advance(TimeSpan.FromSeconds(10));
        compactor.AfterCatchUp(0);
        IdleUntilMerged(compactor);
        Assert.True(fixture.Index.SegmentCount <= 2, $"{fixture.Index.SegmentCount} segments after merging into 2");
        Assert.Equal(1800, Found(fixture, "ગાંધીનગર"));
    }

    [Fact]
    public async Task Articles_stored_while_the_index_is_merged_are_searchable_at_once_and_nothing_is_lost()
    {
        using var fixture = new IndexFixture(Options(after: 1000, segments: 1));
        await GrowAsync(fixture, rounds: 9, each: 2000);
        var merging = Task.Run(() => fixture.Index.Compact(1));
        var stored = 0;
        // Until the merge ends, and a little after: each new article is searchable as soon as its catch-up returns.
        while (!merging.IsCompleted || stored < 20)
        {
            var id = $"fresh{stored}";
            await fixture.AddAsync(Some.Article(id, $"તાજા {id}", $"સુરતમાં {id} વિશે"));
            Assert.Equal(1, Found(fixture, id));
            stored++;
        }
        await merging;
        fixture.Index.Refresh();
        Assert.Equal(18_000, Found(fixture, "ગાંધીનગર"));
        Assert.Equal(stored, Found(fixture, "સુરત"));
        Assert.Equal(18_000 + stored, fixture.Index.DocumentCount);
    }

    [Fact]
    public async Task A_merge_on_a_full_disk_fails_without_stopping_anything_and_is_made_once_there_is_room()
    {
        using var fixture = new IndexFixture(Options(after: 1000, segments: 1));
        await GrowAsync(fixture, rounds: 6, each: 200);
        var disk = new FullDisk();
        var indexLog = new RecordingLogger<ArticleIndex>();
        fixture.Reopen(directory: disk.Wrap, logger: indexLog);
        var before = fixture.Index.SegmentCount;
        Assert.True(before > 1, $"the test needs several segments; the index has {before}");
        var clock = new ManualClock();
        var log = new RecordingLogger<IndexCompactor>();
        var compactor = new IndexCompactor(fixture.Index, fixture.Indexing, log, clock);

        // Lucene throws a failed merge on its merge thread, and in .NET that ended the process (the test host too).
        disk.IsFull = true;
        clock.Advance(Quiet);
        compactor.AfterCatchUp(0);
        IdleUntilMerged(compactor);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("failed", StringComparison.Ordinal) && e.Exception is IOException);
        Assert.Contains(indexLog.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message.Contains("No space left", StringComparison.Ordinal) == true);
        Assert.Equal(before, fixture.Index.SegmentCount);
        Assert.Equal(1200, Found(fixture, "ગાંધીનગર"));
        Assert.Equal(0, fixture.Index.CompactedThrough);

        // Not at once (a full disk is seldom freed in a second), but once the wait after a failure is over.
        disk.IsFull = false;
        clock.Advance(Quiet);
        compactor.AfterCatchUp(0);
        Assert.False(compactor.IsMerging);
        clock.Advance(TimeSpan.FromMinutes(10));
        compactor.AfterCatchUp(0);
        IdleUntilMerged(compactor);
        Assert.Equal(1, fixture.Index.SegmentCount);
        Assert.Equal(1200, Found(fixture, "ગાંધીનગર"));
        await fixture.AddAsync(Some.Article("after", "પછી", "રાજકોટમાં વરસાદ"));
        Assert.Equal(1, Found(fixture, "રાજકોટ"));
    }
}
