using System.Text;
using Indexer.Configuration;
using Indexer.Indexing;
using Indexer.Metrics;
using Indexer.Storage;
using Indexer.Tests.Support;
using Prometheus;

namespace Indexer.Tests.Metrics;

public sealed class MetricsTests : IDisposable
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly IndexFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private async Task<string[]> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
    }

    [Fact]
    public async Task Fetches_are_counted_by_feed_and_outcome_and_a_304_also_counts_as_not_modified()
    {
        var metrics = new IndexerMetrics(_registry);
        metrics.FetchCompleted("a", "fetched", TimeSpan.FromMilliseconds(120));
        metrics.FetchCompleted("a", "not-modified", TimeSpan.FromMilliseconds(30));
        metrics.FetchCompleted("a", "not-modified", TimeSpan.FromMilliseconds(30));
        metrics.FetchCompleted("b", "failed", TimeSpan.FromSeconds(3));
        metrics.SearchCompleted(TimeSpan.FromMilliseconds(4));

        var text = await ScrapeAsync();
        Assert.Contains("indexer_feed_fetches_total{feed=\"a\",outcome=\"fetched\"} 1", text);
        Assert.Contains("indexer_feed_fetches_total{feed=\"a\",outcome=\"not-modified\"} 2", text);
        Assert.Contains("indexer_feed_fetches_total{feed=\"b\",outcome=\"failed\"} 1", text);
        Assert.Contains("indexer_feed_not_modified_total{feed=\"a\"} 2", text);
        Assert.Contains("indexer_feed_fetch_duration_seconds_count{feed=\"a\"} 3", text);
        Assert.Contains("indexer_feed_fetch_duration_seconds_sum{feed=\"b\"} 3", text);
        Assert.Contains("indexer_search_duration_seconds_count 1", text);
    }

    [Fact]
    public void An_unknown_outcome_is_refused_rather_than_becoming_a_new_series()
    {
        var metrics = new IndexerMetrics(_registry);
        Assert.Throws<ArgumentException>(() => metrics.FetchCompleted("a", "HTTP 500: oops", TimeSpan.Zero));
    }

    [Fact]
    public async Task Store_and_index_gauges_are_read_at_scrape_time()
    {
        var catalog = new FeedCatalog([Feed("news"), Feed("broken"), Feed("fine")]);
        _ = new ServiceStateGauges(_registry, _fixture.Store, _fixture.FeedStates, _fixture.Index, _fixture.Synchronizer, catalog, _fixture.Alerts, Compactor());
        await _fixture.AddAsync(Some.Article("a", "એક", "પહેલો"), Some.Article("b", "બે", "બીજો"));
        await _fixture.FeedStates.SaveAsync(new FeedState { FeedId = "broken", ConsecutiveFailures = 3, LastStatus = "failed" }, default);
        await _fixture.FeedStates.SaveAsync(new FeedState { FeedId = "fine", ConsecutiveFailures = 0, LastStatus = "fetched" }, default);
        // A feed no longer configured is not an alert, whatever its last fetch did.
        await _fixture.FeedStates.SaveAsync(new FeedState { FeedId = "removed", ConsecutiveFailures = 9, LastStatus = "failed" }, default);

        var text = await ScrapeAsync();
        Assert.Contains("indexer_articles_stored 2", text);
        Assert.Contains("indexer_index_documents 2", text);
        Assert.Contains("indexer_index_lag 0", text);
        Assert.Contains("indexer_index_articles_skipped_total 0", text);
        // As many as the open searcher visits: how many segments Lucene makes of one small batch varies (1 or 2 here).
        Assert.Contains($"indexer_index_segments {_fixture.Index.SegmentCount}", text);
        Assert.True(_fixture.Index.SegmentCount > 0);
        Assert.Contains("indexer_index_merging 0", text);
        Assert.Contains("indexer_feeds_failing 1", text);

        // Stored but not yet indexed: the next scrape shows it without anything else happening.
        await _fixture.Store.UpsertAsync([Some.Article("c", "ત્રણ", "ત્રીજો")], default);
        text = await ScrapeAsync();
        Assert.Contains("indexer_articles_stored 3", text);
        Assert.Contains("indexer_index_documents 2", text);
        Assert.Contains("indexer_index_lag 1", text);
        // The alert matcher has not started: nothing for it to catch up on yet.
        Assert.Contains("indexer_alert_matcher_lag 0", text);
        await _fixture.Alerts.CommitMatchesAsync(null, 1, [], default);
        Assert.Contains("indexer_alert_matcher_lag 2", await ScrapeAsync());
    }

    [Fact]
    public async Task The_time_garbage_collections_paused_the_process_is_counted_at_scrape_time()
    {
        _ = new ServiceStateGauges(_registry, _fixture.Store, _fixture.FeedStates, _fixture.Index, _fixture.Synchronizer, new FeedCatalog([]), _fixture.Alerts, Compactor());
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var paused = GC.GetTotalPauseDuration().TotalSeconds;

        var line = Assert.Single(await ScrapeAsync(), l => l.StartsWith("dotnet_gc_pause_seconds_total ", StringComparison.Ordinal));
        var scraped = double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(scraped >= paused && scraped > 0, $"{line}: at least the {paused} s paused before the scrape");
    }

    private IndexCompactor Compactor() =>
        new(_fixture.Index, _fixture.Indexing, Microsoft.Extensions.Logging.Abstractions.NullLogger<IndexCompactor>.Instance);

    private static FeedDefinition Feed(string id) =>
        new() { Id = id, Url = new Uri($"http://127.0.0.1/{id}.xml"), Interval = TimeSpan.FromMinutes(5) };
}
