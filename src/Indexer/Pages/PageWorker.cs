using Indexer.Configuration;
using Indexer.Feeds.Pages;
using Indexer.Metrics;
using Indexer.Storage;
using Microsoft.Extensions.Options;

namespace Indexer.Pages;

/// <summary>
/// Follows the store's page queue, never the fetcher: claims due pages, reads each (fetch and extract, through
/// <see cref="PageReader"/>), and writes the story back through the queue as a new change that the index then
/// follows. Runs beside feed refresh and takes nothing from it: page fetches have their own concurrency
/// (Pages:Concurrency) and share only each publisher's per-host cap.
/// </summary>
public sealed class PageWorker(
    IPageQueue queue,
    FeedCatalog catalog,
    PageReader reader,
    StoreChangeSignal storeChanged,
    IndexerMetrics metrics,
    StoreOutage outage,
    IOptions<PageOptions> options,
    TimeProvider clock,
    ILogger<PageWorker> logger) : BackgroundService
{
    // Polling covers what the nudge cannot: retry times coming due, and other instances' queued pages.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How soon a page whose try the store failed is due again: the store, not the publisher, is waited for.</summary>
    private static readonly TimeSpan StoreRetry = TimeSpan.FromSeconds(2);

    private readonly PageOptions _options = options.Value;
    private readonly Nudge _queued = storeChanged.Follow();

    /// <summary>Names this process's claims; a new one each start, so a restarted process waits out its old leases like any other instance.</summary>
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Cancels the pages in flight only when the host stops waiting for them (its shutdown timeout, 30 s, longer than
    /// the default Fetching:Timeout of 20 s): a page being read at a stop is finished and stored, so a restart neither
    /// waits out its lease nor asks the publisher for it again. A page still unfinished then (a longer Fetching:Timeout,
    /// or a kill after docker stop's own grace period) is left to its lease, as after kill -9.
    /// </summary>
    private readonly CancellationTokenSource _abandon = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(_abandon.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// Drops the queued pages of feeds that no longer want them (set to fullText never, or gone from feeds.json): at
    /// the start and after every edit, so that pages waiting minutes to retry go too, not only those claimed next.
    /// </summary>
    private async Task DropUnwantedAsync(IReadOnlyList<FeedDefinition> feeds, CancellationToken cancellationToken)
    {
        try
        {
            var wanting = feeds.Where(f => f.FullText != FullTextMode.Never).Select(f => f.Id).ToList();
            var dropped = await queue.DropOtherFeedsAsync(wanting, clock.GetUtcNow(), cancellationToken);
            if (dropped > 0)
                logger.LogInformation("Dropped {Count} queued pages unread: their feeds are set to fullText never or are no longer in feeds.json", dropped);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The pages are then dropped one by one as they are claimed; nothing is fetched that should not be.
            logger.LogError(e, "The queued pages of feeds that no longer want them could not be dropped at once");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await DropUnwantedAsync(catalog.Feeds, stoppingToken);
        catalog.Subscribe(DropUnwantedAsync);
        var running = new Dictionary<string, Task>(StringComparer.Ordinal);
        var renewed = clock.GetUtcNow();
        Task? wake = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var done in running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
                    running.Remove(done);
                if (running.Count < _options.Concurrency)
                {
                    foreach (var claim in await queue.ClaimAsync(_owner, _options.Concurrency - running.Count, _options.Lease, clock.GetUtcNow(), stoppingToken))
                        running[claim.ArticleId] = Task.Run(() => ProcessAsync(claim, _abandon.Token), CancellationToken.None);
                }
                if (clock.GetUtcNow() - renewed >= _options.Lease / 3)
                {
                    await queue.RenewAsync(_owner, running.Keys.ToList(), _options.Lease, clock.GetUtcNow(), stoppingToken);
                    renewed = clock.GetUtcNow();
                }
                outage.Reached();
                // One wait on the nudge at a time (an abandoned wait would swallow the next nudge), beside the poll and
                // the pages in flight: whichever comes first.
                wake ??= _queued.WaitAsync(Timeout.InfiniteTimeSpan, stoppingToken);
                await Task.WhenAny(running.Values.Append(wake).Append(Task.Delay(PollInterval, stoppingToken)));
                if (wake.IsCompleted) wake = null;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The store may recover (a locked file, a failover); the queue is durable, so nothing is lost meanwhile.
                if (!outage.Report(e))
                    logger.LogError(e, "The page queue failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
                wake = null;
            }
        }
        // Pages in flight finish (or are abandoned when the host stops waiting: claimed again when their lease runs out).
        await Task.WhenAll(running.Values).ContinueWith(_ => { }, CancellationToken.None);
    }

    private async Task ProcessAsync(PageClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            // The bulk drop at each edit leaves leased pages to their readers: one claimed just before the edit (or
            // after another instance's lease ran out) is dropped here, before the publisher is asked for it.
            var feed = catalog.Find(claim.FeedId);
            if (feed is null || feed.FullText == FullTextMode.Never)
            {
                if (await queue.DropAsync(claim, _owner, cancellationToken))
                    logger.LogInformation("Page of {ArticleId} ({FeedId}) dropped unread: the feed {Reason}", claim.ArticleId, claim.FeedId,
                        feed is null ? "is no longer in feeds.json" : "is set to fullText never");
                return;
            }
            var reading = await reader.ReadAsync(new Uri(claim.Url), cancellationToken);
            metrics.PageCompleted(claim.FeedId, OutcomeLabel(reading.Outcome), reading.ExtractionTime);
            var now = clock.GetUtcNow();
            if (reading.Page is { } page)
            {
                var story = new PageStory(page.Text, page.Author, page.Published, page.ImageUrl, page.CanonicalUrl);
                if (await queue.CompleteAsync(claim, _owner, story, now, cancellationToken))
                {
                    storeChanged.Notify();
                    logger.LogInformation("Page of {ArticleId} ({FeedId}): {Characters} characters of story from {Url}", claim.ArticleId, claim.FeedId, page.Text.Length, claim.Url);
                }
                return;
            }
            await RecordFailureAsync(claim, reading.Retryable, reading.Error ?? reading.Outcome.ToString(), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host stopped waiting: the claim's lease runs out and the page is fetched again then.
        }
        catch (Exception e) when (outage.Report(e))
        {
            // The store failed the try, not the page (the cluster's host cap, or writing the story): given back uncounted.
            await GiveBackAsync(claim);
        }
        catch (Exception e)
        {
            // A fault of ours on this page counts as a failed try like any other, so that it is given up after
            // Pages:MaxAttempts and says why, instead of being claimed again at every lease for ever.
            logger.LogError(e, "Page of {ArticleId} ({FeedId}) could not be processed, try {Attempt} of {MaxAttempts}", claim.ArticleId, claim.FeedId, claim.Attempt, _options.MaxAttempts);
            await RecordFailureAsync(claim, true, "failed: " + e.Message, CancellationToken.None);
        }
    }

    private async Task RecordFailureAsync(PageClaim claim, bool retryable, string error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? retryAt = retryable && claim.Attempt < _options.MaxAttempts
            ? now + _options.RetryDelay * Math.Pow(2, claim.Attempt - 1)
            : null;
        try
        {
            await queue.FailAsync(claim, _owner, error, retryAt, now, cancellationToken);
        }
        catch (Exception e) when (outage.Report(e))
        {
            // Unrecorded, the try still counts: the claim's lease runs out and the page is claimed again then.
            return;
        }
        logger.LogWarning("Page of {ArticleId} ({FeedId}) failed, try {Attempt} of {MaxAttempts}: {Error}; {Next}",
            claim.ArticleId, claim.FeedId, claim.Attempt, _options.MaxAttempts, error,
            retryAt is { } at ? $"next try not before {at:O}" : "keeping the feed's text");
    }

    private async Task GiveBackAsync(PageClaim claim)
    {
        try
        {
            await queue.ReleaseAsync(claim, _owner, clock.GetUtcNow() + StoreRetry, CancellationToken.None);
        }
        catch (Exception e) when (outage.Report(e))
        {
            // Still down: the claim's lease runs out, and the page is claimed again then (that try counted).
        }
    }

    private static string OutcomeLabel(PageOutcome outcome) => outcome switch
    {
        PageOutcome.Extracted => "extracted",
        PageOutcome.NotHtml => "not-html",
        PageOutcome.NothingExtracted => "nothing-extracted",
        PageOutcome.RobotsDisallowed => "robots-disallowed",
        PageOutcome.Refused => "refused",
        _ => "fetch-failed",
    };
}
