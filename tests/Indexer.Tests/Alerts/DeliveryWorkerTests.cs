using Indexer.Alerts;
using Indexer.Configuration;
using Indexer.Metrics;
using Indexer.Storage;
using Indexer.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Indexer.Tests.Alerts;

/// <summary>
/// The delivery worker over a real outbox (SQLite) and real receivers, with a backlog far longer than what it reads
/// of each alert at a time: every delivery arrives once (a failed one again, with its id), in match order per webhook,
/// and one receiver's failures do not hold back another's deliveries.
/// </summary>
public sealed class DeliveryWorkerTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private TestStorage _storage = null!;
    private WebhookReceiver _failingFirst = null!;
    private WebhookReceiver _steady = null!;

    public async Task InitializeAsync()
    {
        _storage = await TestStorage.OpenAsync(StorageProvider.Sqlite, _data.Path);
        (_failingFirst, _steady) = (await WebhookReceiver.StartAsync(), await WebhookReceiver.StartAsync());
    }

    public async Task DisposeAsync()
    {
        await _failingFirst.DisposeAsync();
        await _steady.DisposeAsync();
        await _storage.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    [Fact]
    public async Task A_long_backlog_is_delivered_once_each_in_match_order_per_webhook()
    {
        // Three alerts, two webhooks: "rain" and "flood" share one. Matches interleave, some on one article (change).
        var alerts = new[] { Alert("rain", _failingFirst), Alert("flood", _failingFirst), Alert("russia", _steady) };
        var matches = new List<AlertMatch>();
        for (var seq = 1; seq <= 40; seq++)
        {
            if (seq % 2 == 1) matches.Add(Match("rain", seq));
            if (seq % 3 == 0) matches.Add(Match("flood", seq));
            matches.Add(Match("russia", seq));
        }
        await _storage.Alerts.RegisterAlertsAsync([.. alerts.Select(a => a.Id)], 0, default);
        await _storage.Alerts.CommitMatchesAsync(null, 40, matches, default);
        var shared = matches.Where(m => m.AlertId != "russia").OrderBy(m => m.Sequence).ThenBy(m => m.AlertId, StringComparer.Ordinal).ToList();
        var own = matches.Where(m => m.AlertId == "russia").ToList();
        // The shared webhook fails until the other has received all of its own: it must not wait for this one.
        _failingFirst.Answer = (_, context) =>
        {
            context.Response.StatusCode = _steady.Received.Count < own.Count ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        };

        var worker = Worker(alerts);
        var stats = await _storage.Alerts.GetStatsAsync(default);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (stats.Values.Sum(s => s.Delivered) < matches.Count)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"delivered {stats.Values.Sum(s => s.Delivered)} of {matches.Count}; received {_failingFirst.Received.Count} and {_steady.Received.Count}");
            await worker.DispatchAsync(default);
            await Task.Delay(20);
            stats = await _storage.Alerts.GetStatsAsync(default);
        }

        // Match order (change, then alert) per webhook, each once but the failed first one, sent again with its id.
        Assert.Equal(own.Select(m => m.DeliveryId), _steady.Received.Select(d => d.DeliveryId));
        var sharedIds = _failingFirst.Received.Select(d => d.DeliveryId).ToList();
        var retried = sharedIds.Count - shared.Count + 1;
        Assert.True(retried >= 2, "the shared webhook never failed");
        Assert.Equal(Enumerable.Repeat(shared[0].DeliveryId, retried).Concat(shared.Skip(1).Select(m => m.DeliveryId)), sharedIds);
        stats = await _storage.Alerts.GetStatsAsync(default);
        Assert.All(stats.Values, s => Assert.Equal((s.Matches, 0L), (s.Delivered, s.Pending)));
    }

    [Fact]
    public async Task Deliveries_of_a_removed_or_disabled_alert_are_held_and_given_up_when_their_time_runs_out()
    {
        var alerts = new[] { Alert("rain", _steady), Alert("paused", _steady) with { Enabled = false } };
        await _storage.Alerts.RegisterAlertsAsync(["rain", "paused", "removed"], 0, default);
        var longAgo = DateTimeOffset.UtcNow.AddHours(-2);
        await _storage.Alerts.CommitMatchesAsync(null, 5,
            [Match("removed", 1, longAgo), Match("paused", 2, longAgo), Match("paused", 3), Match("rain", 4), Match("removed", 5)], default);

        var worker = Worker(alerts, maxRetryAge: TimeSpan.FromHours(1));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyDictionary<string, AlertDeliveryStats> stats;
        while ((stats = await _storage.Alerts.GetStatsAsync(default))["rain"].Delivered < 1 || stats.Values.Sum(s => s.Failed) < 2)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"rain delivered {stats["rain"].Delivered}, {stats.Values.Sum(s => s.Failed)} given up");
            await worker.DispatchAsync(default);
            await Task.Delay(20);
        }

        // Only the enabled alert's delivery went out; the two older than Alerts:MaxRetryAge were given up, the rest wait.
        Assert.Equal(["rain-04"], _steady.Received.Select(d => d.DeliveryId));
        Assert.Equal((1L, 1L), (stats["removed"].Failed, stats["removed"].Pending));
        Assert.Equal((1L, 1L), (stats["paused"].Failed, stats["paused"].Pending));
        Assert.StartsWith("alert removed from alerts.json", stats["removed"].LastError);
        Assert.StartsWith("alert disabled in alerts.json", stats["paused"].LastError);
    }

    private static AlertDefinition Alert(string id, WebhookReceiver receiver) =>
        new() { Id = id, Query = id, Webhook = new Uri(receiver.Url), Secret = "s" };

    private static AlertMatch Match(string alertId, long seq, DateTimeOffset? matchedAt = null)
    {
        var id = $"{alertId}-{seq:00}";
        return new AlertMatch(id, alertId, $"article-{seq}", seq, $$$"""{"alert":"{{{alertId}}}","deliveryId":"{{{id}}}","article":{"title":"{{{seq}}}"}}""",
            matchedAt ?? DateTimeOffset.UtcNow);
    }

    private DeliveryWorker Worker(IReadOnlyList<AlertDefinition> alerts, TimeSpan? maxRetryAge = null)
    {
        var options = Options.Create(new AlertsOptions
        {
            RetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromSeconds(1), DeliveryTimeout = TimeSpan.FromSeconds(5),
            MaxRetryAge = maxRetryAge ?? TimeSpan.FromDays(1),
        });
        var services = new ServiceCollection();
        WebhookSender.Register(services);
        var clients = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new DeliveryWorker(_storage.Alerts, new AlertCatalog(alerts), new WebhookSender(clients, options), new NoLocks(), new StoreOutage(NullLogger<StoreOutage>.Instance), new DeliveryNudge(),
            options, new IndexerMetrics(new Prometheus.CollectorRegistry()), TimeProvider.System, NullLogger<DeliveryWorker>.Instance);
    }

    /// <summary>The test drives the dispatch itself: the lock is never asked for.</summary>
    private sealed class NoLocks : IClusterLocks
    {
        public Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken) => throw new InvalidOperationException("not used");

        public Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken) => throw new InvalidOperationException("not used");
    }
}
