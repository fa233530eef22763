using System.Collections.Concurrent;
using Indexer.Configuration;
using Indexer.Metrics;
using Indexer.Storage;
using Microsoft.Extensions.Options;

namespace Indexer.Alerts;

/// <summary>
/// Sends the outbox's deliveries, on one instance of the cluster at a time. Per webhook URL, only its oldest
/// Alerts:MaxInFlightPerWebhook undelivered matches may be on their way, and one waiting for its retry keeps its
/// place: the receiver gets them in match order (strictly so with the default of 1). Each attempt first claims its
/// row in the store, so no delivery is ever sent by two workers at once; a delivery is marked done only after the
/// receiver's 2xx, so a kill -9 before that means it is sent again after the restart, with the same delivery id.
/// </summary>
public sealed class DeliveryWorker(
    IAlertStore store,
    AlertCatalog catalog,
    WebhookSender sender,
    IClusterLocks locks,
    StoreOutage outage,
    DeliveryNudge nudge,
    IOptions<AlertsOptions> options,
    IndexerMetrics metrics,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : ClusterExclusiveService(locks, outage, logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    /// <summary>Beyond the attempt's own timeout: how long a claim outlives a worker that died mid-attempt.</summary>
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private PendingOutbox? _outbox;
    private DateTimeOffset _heldCheckedAt = DateTimeOffset.MinValue;
    private (long Version, int Count) _webhooks = (-1, 0);

    protected override string LockName => "alert-delivery";

    protected override async Task RunWhileHeldAsync(CancellationToken stoppingToken)
    {
        // Read afresh with the lock: another instance may have delivered while this one did not hold it.
        _outbox = new PendingOutbox(store, options.Value.MaxInFlightPerWebhook);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Awake when the next retry is due, not a poll later: back-off times are kept as they were set.
                var nextDue = await DispatchAsync(stoppingToken);
                var wait = nextDue is { } due ? due - time.GetUtcNow() : PollInterval;
                await nudge.Nudge.WaitAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait < PollInterval ? wait : PollInterval, stoppingToken);
            }
        }
        finally
        {
            // Attempts cut short by the stop keep their claim until it lapses, then go again: nothing is lost.
            await Task.WhenAll(_inFlight.Values).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>Starts every delivery that may go now, without waiting for them; returns when the next one waiting for its retry is due.</summary>
    public async Task<DateTimeOffset?> DispatchAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? nextDue = null;
        var settings = options.Value;
        var outbox = _outbox ??= new PendingOutbox(store, settings.MaxInFlightPerWebhook);
        await outbox.RefreshAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (now - _heldCheckedAt >= PollInterval)
        {
            await GiveUpHeldAsync(outbox, now, cancellationToken);
            _heldCheckedAt = now;
        }
        // Per webhook, its oldest few in order; one waiting for its retry still holds its place. Once every webhook
        // has its few, the rest of the backlog is not looked at: a delivery costs the same however long it is.
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        var (webhooks, full) = (EnabledWebhooks(), 0);
        foreach (var delivery in outbox.Ordered)
        {
            if (full >= webhooks || _inFlight.Count >= settings.MaxInFlight) break;
            if (catalog.Find(delivery.AlertId) is not { Enabled: true } alert) continue;
            var webhook = alert.Webhook.AbsoluteUri;
            var place = taken.GetValueOrDefault(webhook);
            if (place == settings.MaxInFlightPerWebhook) continue;
            taken[webhook] = ++place;
            if (place == settings.MaxInFlightPerWebhook) full++;
            // In flight, or just back from its attempt (what is known of it is older than the store's).
            if (_inFlight.ContainsKey(delivery.DeliveryId) || outbox.IsChanged(delivery.AlertId)) continue;
            if (delivery.NextAttemptAt > now)
            {
                nextDue = nextDue is { } earlier && earlier < delivery.NextAttemptAt ? earlier : delivery.NextAttemptAt;
                continue;
            }
            if (delivery.ClaimedUntil is { } claimed && claimed > now) continue;
            if (!await store.ClaimAsync(delivery.DeliveryId, now, now + settings.DeliveryTimeout + ClaimMargin, cancellationToken))
            {
                outbox.Changed(delivery.AlertId);
                continue;
            }
            _inFlight[delivery.DeliveryId] = Task.Run(() => SendAsync(alert, delivery, outbox, cancellationToken), CancellationToken.None);
        }
        return nextDue;
    }

    /// <summary>
    /// Deliveries of an alert removed from or disabled in alerts.json are held back, not sent, until an edit brings
    /// it back or Alerts:MaxRetryAge runs out; looked at once per poll, as their time runs in hours.
    /// </summary>
    private async Task GiveUpHeldAsync(PendingOutbox outbox, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        foreach (var held in outbox.Ordered.Where(d => catalog.Find(d.AlertId) is not { Enabled: true }).ToList())
        {
            if (now < held.MatchedAt + settings.MaxRetryAge || _inFlight.ContainsKey(held.DeliveryId) || outbox.IsChanged(held.AlertId)) continue;
            var why = catalog.Find(held.AlertId) is null ? "removed from" : "disabled in";
            await store.MarkAttemptFailedAsync(held.DeliveryId, null, $"alert {why} alerts.json until Alerts:MaxRetryAge ran out", now, null, cancellationToken);
            outbox.Changed(held.AlertId);
            metrics.DeliveryCompleted(held.AlertId, DeliveryResult.Failed, TimeSpan.Zero);
        }
    }

    /// <summary>How many different webhooks the enabled alerts call, counted again when alerts.json changes.</summary>
    private int EnabledWebhooks()
    {
        var version = catalog.Version;
        if (_webhooks.Version != version)
            _webhooks = (version, catalog.Alerts.Where(a => a.Enabled).Select(a => a.Webhook.AbsoluteUri).Distinct(StringComparer.Ordinal).Count());
        return _webhooks.Count;
    }

    private async Task SendAsync(AlertDefinition alert, PendingDelivery delivery, PendingOutbox outbox, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await sender.SendAsync(alert, delivery.DeliveryId, delivery.Payload, cancellationToken);
            var attempt = delivery.Attempts + 1;
            var now = time.GetUtcNow();
            if (outcome.Delivered)
            {
                await store.MarkDeliveredAsync(delivery.DeliveryId, outcome.Status!.Value, now, CancellationToken.None);
                metrics.DeliveryCompleted(alert.Id, DeliveryResult.Delivered, outcome.Duration);
                logger.LogInformation("Delivered alert {Alert} article {Article}: {Status} in {Ms:0} ms (delivery {Delivery}, attempt {Attempt})",
                    alert.Id, delivery.ArticleId, outcome.Status, outcome.Duration.TotalMilliseconds, delivery.DeliveryId, attempt);
                return;
            }
            var retryAt = DeliveryBackoff.Next(options.Value, delivery.MatchedAt, attempt, outcome.RetryAfter, now, Random.Shared);
            await store.MarkAttemptFailedAsync(delivery.DeliveryId, outcome.Status, outcome.Error!, now, retryAt, CancellationToken.None);
            metrics.DeliveryCompleted(alert.Id, retryAt is null ? DeliveryResult.Failed : DeliveryResult.Retrying, outcome.Duration);
            logger.LogWarning("Delivery of alert {Alert} article {Article} failed: {Status} {Error} in {Ms:0} ms (delivery {Delivery}, attempt {Attempt}); {Next}",
                alert.Id, delivery.ArticleId, outcome.Status?.ToString() ?? "-", outcome.Error, outcome.Duration.TotalMilliseconds, delivery.DeliveryId, attempt,
                retryAt is { } at ? $"next attempt at {at:u}" : $"given up after Alerts:MaxRetryAge ({options.Value.MaxRetryAge:c})");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the claim lapses and the next start sends it again.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Delivery {Delivery} of alert {Alert}: recording the attempt failed; it will be tried again", delivery.DeliveryId, alert.Id);
        }
        finally
        {
            // Marked before it leaves the in-flight set, so that no dispatch sees it neither in flight nor changed.
            outbox.Changed(delivery.AlertId);
            _inFlight.TryRemove(delivery.DeliveryId, out _);
            nudge.Notify();
        }
    }
}
