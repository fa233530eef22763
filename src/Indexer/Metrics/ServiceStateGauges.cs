using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Storage;
using Prometheus;

namespace Indexer.Metrics;

/// <summary>
/// Gauges read from the store and the index when Prometheus scrapes, so they are never staler than the scrape
/// and cost nothing between scrapes.
/// </summary>
public sealed class ServiceStateGauges
{
    private readonly IArticleStore _store;
    private readonly IFeedStateStore _feedStates;
    private readonly ArticleIndex _index;
    private readonly IndexSynchronizer _synchronizer;
    private readonly FeedCatalog _catalog;
    private readonly Gauge _articles;
    private readonly Gauge _documents;
    private readonly Gauge _lag;
    private readonly Gauge _segments;
    private readonly Gauge _merging;
    private readonly IndexCompactor _compactor;
    private readonly Gauge _failing;
    private readonly IAlertStore _alerts;
    private readonly Gauge _alertLag;
    private readonly Counter _gcPause;
    private readonly Counter _skipped;

    public ServiceStateGauges(CollectorRegistry registry, IArticleStore store, IFeedStateStore feedStates, ArticleIndex index, IndexSynchronizer synchronizer, FeedCatalog catalog, IAlertStore alerts, IndexCompactor compactor)
    {
        _compactor = compactor;
        _alerts = alerts;
        _store = store;
        _feedStates = feedStates;
        _index = index;
        _synchronizer = synchronizer;
        _catalog = catalog;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _articles = factory.CreateGauge("indexer_articles_stored", "Articles in the store, over all feeds.");
        _documents = factory.CreateGauge("indexer_index_documents", "Searchable documents in the index.");
        _lag = factory.CreateGauge("indexer_index_lag", "Store changes searches cannot see yet (store sequence minus what the open searcher holds).");
        _segments = factory.CreateGauge("indexer_index_segments", "Segments searches visit; a merge brings them down once the index is quiet after many changes (Indexing:CompactAfterChanges).");
        _merging = factory.CreateGauge("indexer_index_merging", "1 while the index is being merged down to Indexing:CompactToSegments segments, else 0.");
        _skipped = factory.CreateCounter("indexer_index_articles_skipped_total", "Articles left out of the index since the start because their document failed every try (the log names each).");
        _failing = factory.CreateGauge("indexer_feeds_failing", "Configured feeds whose last fetch failed (consecutive failures above 0).");
        _alertLag = factory.CreateGauge("indexer_alert_matcher_lag", "Store changes the alert matcher has not tested against the alerts yet.");
        // prometheus-net's process figures count collections but not how long they held every thread: the time a
        // search's latency tail can wait for.
        _gcPause = factory.CreateCounter("dotnet_gc_pause_seconds_total", "Time the garbage collector has paused the process since it started.");
        registry.AddBeforeCollectCallback(UpdateAsync);
    }

    public async Task UpdateAsync(CancellationToken cancellationToken)
    {
        _gcPause.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
        var counts = await _store.CountArticlesByFeedAsync(cancellationToken);
        _articles.Set(counts.Values.Sum());
        _documents.Set(_index.DocumentCount);
        _segments.Set(_index.SegmentCount);
        _merging.Set(_compactor.IsMerging ? 1 : 0);
        _skipped.IncTo(_index.SkippedArticles);
        _lag.Set(await _synchronizer.GetLagAsync(cancellationToken));
        var last = await _store.GetLastSequenceAsync(cancellationToken);
        _alertLag.Set(Math.Max(0, last - (await _alerts.GetMatcherProgressAsync(cancellationToken) ?? last)));
        var states = await _feedStates.GetAllAsync(cancellationToken);
        // Only feeds still configured: a removed feed's last failure is history, not an alert.
        _failing.Set(_catalog.Feeds.Count(f => states.TryGetValue(f.Id, out var s) && s.ConsecutiveFailures > 0));
    }
}
