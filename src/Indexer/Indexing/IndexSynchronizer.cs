using System.Diagnostics;
using Indexer.Configuration;
using Indexer.Storage;
using Microsoft.Extensions.Options;

namespace Indexer.Indexing;

/// <summary>
/// Follows the store's change sequence and applies it to the index: the only path by which articles reach the
/// index. Newest first: when it is behind (a big ingest, a rebuild), it takes the newest changes it lacks before
/// older ones, so what was stored a moment ago is searchable within a refresh interval however long the backlog
/// is. Searches see progress at every refresh interval; commits come on their own slower cadence.
/// One caller at a time (the indexing service, or a command).
/// </summary>
public sealed class IndexSynchronizer
{
    /// <summary>Changes read from the store and applied in one go.</summary>
    public const int BatchSize = 1000;

    /// <summary>A read covers this many sequence numbers at most, where updates and deletions left few rows.</summary>
    private const int MaxWindow = BatchSize * 64;

    private static readonly TimeSpan ProgressLogInterval = TimeSpan.FromSeconds(5);

    private readonly IArticleStore _store;
    private readonly ArticleIndex _index;
    private readonly ILogger<IndexSynchronizer> _logger;
    private readonly IndexingOptions _options;
    private long _window = BatchSize;
    private long _lastRefresh = Stopwatch.GetTimestamp();
    private Task? _refreshing;
    private long _lastCommit = Stopwatch.GetTimestamp();
    private long _lastProgressLog = Stopwatch.GetTimestamp();
    private RebuildClock? _rebuildClock;
    private ReadAhead? _readAhead;

    public IndexSynchronizer(IArticleStore store, ArticleIndex index, ILogger<IndexSynchronizer> logger, IOptions<IndexingOptions>? options = null)
    {
        _store = store;
        _index = index;
        _logger = logger;
        _options = options?.Value ?? new IndexingOptions();
    }

    /// <summary>
    /// Applies every change the store has that the index lacks, newest first, until none is missing; returns how
    /// many it applied. Searches see them when it returns, and every refresh interval on the way.
    /// </summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var applied = 0;
        // Left by a catch-up that failed or was cancelled; the index may have changed since.
        DiscardReadAhead();
        try
        {
            while (true)
            {
                var last = await _store.GetLastSequenceAsync(cancellationToken);
                if (_index.Taken.Highest > last)
                {
                    // The store is older than the index (restored from a backup, or replaced): the index can't be trusted.
                    await FinishRefreshAsync();
                    _index.Clear($"the index holds changes up to {_index.Taken.Highest} but the store only reaches {last}");
                }
                if (_index.RebuildNeedsTarget)
                    await StartRebuildAsync(last, cancellationToken);

                if (_index.Taken.HighestGap(last) is not { } gap)
                {
                    DiscardReadAhead();
                    break;
                }
                applied += await ApplyNewestAsync(gap, last, cancellationToken);

                // Only once something new is in the writer: a batch is still being applied when Start returns, and a
                // refresh before it is in would spend the interval on nothing (searches then wait a whole interval more).
                if (!ReferenceEquals(_index.Visible, _index.Applied) && Elapsed(Volatile.Read(ref _lastRefresh)) >= RefreshDue()) StartRefresh();
                if (Elapsed(_lastCommit) >= _options.CommitInterval && _options.CommitInterval > TimeSpan.Zero) CommitNow();
                if (Elapsed(_lastProgressLog) >= ProgressLogInterval) LogProgress(last);
            }

            _index.FinishApplying();
            await FinishRefreshAsync();
            if (!ReferenceEquals(_index.Visible, _index.Applied)) RefreshNow();
            if (_rebuildClock is not null && _index.Rebuild is null) FinishRebuild();
            if (_index.HasUncommittedChanges && Elapsed(_lastCommit) >= _options.CommitInterval) CommitNow();
            return applied;
        }
        finally
        {
            // Never leaves a refresh running behind it: the caller may commit, close the index or catch up again.
            // A failure of its own would already have been thrown above; here something else is on its way out.
            if (_refreshing is { } refreshing)
            {
                _refreshing = null;
                await refreshing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>How many store changes searches cannot see yet: the store's sequence beyond what the open searcher holds.</summary>
    public async Task<long> GetLagAsync(CancellationToken cancellationToken)
    {
        var last = await _store.GetLastSequenceAsync(cancellationToken);
        return Math.Max(0, last - _index.Visible.CountUpTo(last));
    }

    /// <summary>
    /// Reads and applies the newest part of a missing stretch: all of it when it is short, else its top window.
    /// A window covers a range of sequence numbers, and is only marked as held once every change in it is applied.
    /// While a window is analysed, the next one the backlog will need is read from the store beside it, so the
    /// analysis threads do not wait for the store between windows.
    /// </summary>
    private async Task<int> ApplyNewestAsync(SequenceRange gap, long last, CancellationToken cancellationToken)
    {
        var window = Plan(gap);
        // A read made ahead is used only if it is exactly the window wanted now, so changes are still applied in the
        // order they were read: a newer version of an article read later is never overwritten by an older one.
        var read = _readAhead is { } ahead && ahead.Window == window
            ? await ahead.Changes
            : await _store.ReadChangesAsync(window.After, window.Limit, cancellationToken);
        DiscardReadAhead();
        var truncated = read.Count == window.Limit && read[^1].Sequence < gap.UpTo;
        var changes = read.Count > 0 && read[^1].Sequence > gap.UpTo ? read.Where(c => c.Sequence <= gap.UpTo).ToList() : read;
        var covered = new SequenceRange(window.After, truncated ? read[^1].Sequence : gap.UpTo);

        // Updates and deletions leave numbers without a change: widen the window there so each read stays worth it.
        _window = truncated ? BatchSize : changes.Count < BatchSize / 2 ? Math.Min(_window * 2, MaxWindow) : _window;
        if (_index.Taken.Add(covered).HighestGap(last) is { } next)
        {
            var nextWindow = Plan(next);
            _readAhead = new ReadAhead(nextWindow, Task.Run(() => _store.ReadChangesAsync(nextWindow.After, nextWindow.Limit, cancellationToken), cancellationToken));
        }

        _index.Start(changes, covered);
        return changes.Count;
    }

    private Window Plan(SequenceRange gap)
    {
        var after = gap.Length > _window ? gap.UpTo - _window : gap.After;
        // There are at most as many changes as numbers in the window; asking for more would read past it.
        return new Window(gap, after, (int)Math.Min(BatchSize, gap.UpTo - after));
    }

    private void DiscardReadAhead()
    {
        // Nobody awaits a discarded read: its failure (a cancelled catch-up, a busy store) must not go unobserved.
        _readAhead?.Changes.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        _readAhead = null;
    }

    private async Task StartRebuildAsync(long last, CancellationToken cancellationToken)
    {
        var total = (await _store.CountArticlesByFeedAsync(cancellationToken)).Values.Sum();
        _index.SetRebuildTarget(last, total);
        if (last == 0) return; // a first start: nothing to rebuild, nothing to say
        _rebuildClock = new RebuildClock(Stopwatch.GetTimestamp(), _index.Rebuild?.Done ?? 0);
        _logger.LogInformation("Rebuilding the search index: {Total} articles (store changes up to {Sequence}), newest first, on {Threads} threads",
            total, last, _options.EffectiveThreads);
    }

    private void FinishRebuild()
    {
        var clock = _rebuildClock!;
        _rebuildClock = null;
        var seconds = Elapsed(clock.Started).TotalSeconds;
        var documents = _index.DocumentCount;
        _logger.LogInformation("Rebuilt the search index: {Documents} articles in {Seconds:F1} s ({Rate:F0} articles/s)",
            documents, seconds, (documents - clock.DoneAtStart) / Math.Max(seconds, 0.001));
        // The next start must not redo it.
        CommitNow();
    }

    private void LogProgress(long last)
    {
        _lastProgressLog = Stopwatch.GetTimestamp();
        if (_index.Rebuild is { } rebuild && _rebuildClock is { } clock)
        {
            var rate = (rebuild.Done - clock.DoneAtStart) / Math.Max(Elapsed(clock.Started).TotalSeconds, 0.001);
            _logger.LogInformation("Rebuilding the search index: {Done} of {Total} articles ({Rate:F0} articles/s); searches see the newest first",
                rebuild.Done, rebuild.Total, rate);
        }
        else
        {
            _logger.LogInformation("Indexing a backlog: {Missing} store changes not yet searchable, newest first",
                last - _index.Visible.CountUpTo(last));
        }
    }

    /// <summary>
    /// Soon when the writer holds changes newer than anything searches see (a new arrival, or a backlog's first
    /// window); the backlog's older part only every <see cref="IndexingOptions.BackfillRefreshInterval"/>.
    /// </summary>
    private TimeSpan RefreshDue() => _index.Applied.Highest > _index.Visible.Highest
        ? _options.RefreshInterval
        : Max(_options.RefreshInterval, _options.BackfillRefreshInterval);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// Refreshes beside the catch-up rather than in its way: a refresh flushes the writer's buffered documents on
    /// one thread, and while the catch-up waited for it the other analysis threads had nothing to do (in a 100,000-
    /// article ingest the refreshes took 40 % of the synchronizer's time while fetches were storing). The writer
    /// takes documents while it flushes, and the next refresh starts only once this one is done.
    /// </summary>
    private void StartRefresh()
    {
        if (_refreshing is { IsCompleted: false }) return;
        // A refresh that failed fails the catch-up, as it did when the catch-up refreshed itself.
        _refreshing?.GetAwaiter().GetResult();
        _refreshing = Task.Run(RefreshNow);
    }

    private async Task FinishRefreshAsync()
    {
        if (_refreshing is not { } refreshing) return;
        _refreshing = null;
        await refreshing;
    }

    private void RefreshNow()
    {
        _index.Refresh();
        // The interval runs from the end of a refresh, so a slow one is not followed at once by the next.
        Volatile.Write(ref _lastRefresh, Stopwatch.GetTimestamp());
    }

    private void CommitNow()
    {
        _index.Commit();
        _lastCommit = Stopwatch.GetTimestamp();
    }

    private static TimeSpan Elapsed(long since) => Stopwatch.GetElapsedTime(since);

    private sealed record RebuildClock(long Started, long DoneAtStart);

    /// <summary>A stretch of the store's sequence to read: changes above <see cref="After"/>, at most <see cref="Limit"/>, within <see cref="Gap"/>.</summary>
    private readonly record struct Window(SequenceRange Gap, long After, int Limit);

    private sealed record ReadAhead(Window Window, Task<IReadOnlyList<ArticleChange>> Changes);
}
