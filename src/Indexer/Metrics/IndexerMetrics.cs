using Prometheus;

namespace Indexer.Metrics;

/// <summary>
/// Counters and histograms for what the service does: feed fetches and searches. They live in the host's own
/// registry, not prometheus-net's static one, so several hosts in one process (the tests) never share counts.
/// </summary>
public sealed class IndexerMetrics
{
    /// <summary>The outcomes a fetch can have, as FeedState.LastStatus names them.</summary>
    public static readonly IReadOnlySet<string> FetchOutcomes = new HashSet<string>(StringComparer.Ordinal)
        { "fetched", "not-modified", "unchanged", "failed" };

    private readonly Counter _fetches;
    private readonly Histogram _fetchDuration;
    private readonly Counter _notModified;
    private readonly Counter _salvaged;
    private readonly Histogram _searchDuration;
    private readonly Counter _alertMatches;
    private readonly Counter _deliveries;
    private readonly Histogram _deliveryDuration;
    private readonly Counter _pages;
    private readonly Histogram _extractionDuration;

    /// <summary>How a page fetch can end, as the page worker names them.</summary>
    public static readonly IReadOnlySet<string> PageOutcomes = new HashSet<string>(StringComparer.Ordinal)
        { "extracted", "fetch-failed", "not-html", "nothing-extracted", "robots-disallowed", "refused" };

    public IndexerMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _fetches = factory.CreateCounter("indexer_feed_fetches_total", "Feed fetches by feed and outcome (fetched, not-modified, unchanged, failed).",
            new CounterConfiguration { LabelNames = ["feed", "outcome"] });
        _fetchDuration = factory.CreateHistogram("indexer_feed_fetch_duration_seconds", "Time to fetch, parse and store one feed.",
            new HistogramConfiguration { LabelNames = ["feed"], Buckets = Histogram.ExponentialBuckets(0.05, 2, 10) });
        _notModified = factory.CreateCounter("indexer_feed_not_modified_total", "Fetches the publisher answered with 304 Not Modified.",
            new CounterConfiguration { LabelNames = ["feed"] });
        _salvaged = factory.CreateCounter("indexer_feed_warnings_total",
            "Fetched documents that were read all the same but were not clean (cut off, not well-formed, served as a type that is not a feed's); /feeds has the last warning.",
            new CounterConfiguration { LabelNames = ["feed"] });
        _pages = factory.CreateCounter("indexer_page_fetches_total",
            "Fetches of the pages feed items link to, by feed and outcome (extracted, fetch-failed, not-html, nothing-extracted, robots-disallowed, refused).",
            new CounterConfiguration { LabelNames = ["feed", "outcome"] });
        _extractionDuration = factory.CreateHistogram("indexer_page_extraction_duration_seconds", "Time to extract the story from one fetched page.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 12) });
        _searchDuration = factory.CreateHistogram("indexer_search_duration_seconds", "Time to answer GET /search, for searches that got an answer.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 13) });
        _alertMatches = factory.CreateCounter("indexer_alert_matches_total", "New articles that matched an alert, by alert.",
            new CounterConfiguration { LabelNames = ["alert"] });
        _deliveries = factory.CreateCounter("indexer_alert_deliveries_total",
            "Delivery attempts by alert and outcome: delivered (2xx), retrying (failed, will be tried again), failed (given up).",
            new CounterConfiguration { LabelNames = ["alert", "outcome"] });
        _deliveryDuration = factory.CreateHistogram("indexer_alert_delivery_duration_seconds", "Time for a webhook to answer a delivery.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 12) });
    }

    public void AlertMatched(string alertId) => _alertMatches.WithLabels(alertId).Inc();

    public void DeliveryCompleted(string alertId, DeliveryResult result, TimeSpan duration)
    {
        _deliveries.WithLabels(alertId, result.ToString().ToLowerInvariant()).Inc();
        if (duration > TimeSpan.Zero) _deliveryDuration.Observe(duration.TotalSeconds);
    }

    /// <param name="outcome">One of <see cref="FetchOutcomes"/>; anything else is a programming error.</param>
    public void FetchCompleted(string feedId, string outcome, TimeSpan duration)
    {
        // A free-form label value would grow the series without bound.
        if (!FetchOutcomes.Contains(outcome))
            throw new ArgumentException($"unknown fetch outcome \"{outcome}\"; expected one of {string.Join(", ", FetchOutcomes)}", nameof(outcome));
        _fetches.WithLabels(feedId, outcome).Inc();
        _fetchDuration.WithLabels(feedId).Observe(duration.TotalSeconds);
        if (outcome == "not-modified") _notModified.WithLabels(feedId).Inc();
    }

    public void DocumentSalvaged(string feedId) => _salvaged.WithLabels(feedId).Inc();

    /// <param name="outcome">One of <see cref="PageOutcomes"/>.</param>
    /// <param name="extraction">How long extraction took, when there was a page to extract from.</param>
    public void PageCompleted(string feedId, string outcome, TimeSpan? extraction)
    {
        if (!PageOutcomes.Contains(outcome))
            throw new ArgumentException($"unknown page outcome \"{outcome}\"; expected one of {string.Join(", ", PageOutcomes)}", nameof(outcome));
        _pages.WithLabels(feedId, outcome).Inc();
        if (extraction is { } duration) _extractionDuration.Observe(duration.TotalSeconds);
    }

    public void SearchCompleted(TimeSpan duration) => _searchDuration.Observe(duration.TotalSeconds);
}

/// <summary>How a delivery attempt ended, as /metrics counts it.</summary>
public enum DeliveryResult { Delivered, Retrying, Failed }
