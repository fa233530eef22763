using Indexer.Configuration;
using Indexer.Metrics;
using Indexer.Pipeline;
using Indexer.Storage;
using Quartz;

namespace Indexer.Scheduling;

/// <summary>One Quartz job per feed. Never runs twice at once for the same feed; all the work is in FeedRefresher.</summary>
[DisallowConcurrentExecution]
public sealed class FetchFeedJob(
    FeedCatalog catalog,
    IFeedStateStore feedStates,
    FeedRefresher refresher,
    TimeProvider clock,
    IndexerMetrics metrics,
    IHostApplicationLifetime lifetime,
    ILogger<FetchFeedJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var feed = catalog.Find(context.JobDetail.Key.Name);
        if (feed is null || !feed.Enabled)
        {
            // The cluster's schedule has the feed, this instance's feeds.json not (or disabled): the fire is lost to
            // the cluster, so say so where the operator looks, naming both (it was dropped without a word).
            logger.LogWarning("A fetch of feed {FeedId} fell to instance {Instance}, whose feeds.json {Why}; skipped. Every instance needs the same feeds.json",
                context.JobDetail.Key.Name, context.Scheduler.SchedulerInstanceId, feed is null ? "does not list it" : "disables it");
            return;
        }

        // A failing feed keeps its schedule but sits out fires until its back-off has passed; a back-off earned by
        // another address than the one configured now (the operator fixed the url) does not hold the new one back.
        var state = await feedStates.GetAsync(feed.Id, cancellationToken);
        if (state?.NotBefore is { } notBefore && notBefore > clock.GetUtcNow() && state.FetchedFrom == feed.Url.AbsoluteUri) return;

        // On SIGTERM a fetch stuck on a slow publisher is cancelled rather than awaited: a container gets about
        // ten seconds before it is killed, and the index must be committed within them. The store writes a fetch
        // in one transaction, so a cancelled fetch leaves nothing half-done.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await refresher.RefreshAsync(feed, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: the next start fetches this feed again.
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            // The refresher records every failure on the feed itself; what reaches here could not be recorded (the
            // feed states could not be read or written). Said once, naming the feed, instead of as Quartz's error
            // about a job, and counted, so indexer_feed_fetches_total still shows the feed failing.
            metrics.FetchCompleted(feed.Id, "failed", TimeSpan.Zero);
            logger.LogError(e, "Refreshing {FeedId} failed and could not be recorded on the feed", feed.Id);
        }
    }
}
