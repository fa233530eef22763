using Indexer.Storage;

namespace Indexer.Alerts;

/// <summary>
/// Runs the <see cref="AlertMatcher"/> for the life of the host, on one instance of the cluster at a time (a lock in
/// the store, freed when its holder dies), woken by the store or every poll interval.
/// </summary>
public sealed class AlertMatchingService(
    AlertMatcher matcher,
    IClusterLocks locks,
    StoreOutage outage,
    StoreChangeSignal signal,
    DeliveryNudge deliveries,
    ILogger<AlertMatchingService> logger) : ClusterExclusiveService(locks, outage, logger)
{
    // Polling too covers writers the signal cannot reach: other instances sharing the store.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly Nudge _nudge = signal.Follow();

    protected override string LockName => "alert-matcher";

    /// <summary>Runs before the schedule starts (the host starts its services in order), so no fetch beats it.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await matcher.PrepareAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task RunWhileHeldAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await matcher.CatchUpAsync(stoppingToken) > 0) deliveries.Notify();
            await _nudge.WaitAsync(PollInterval, stoppingToken);
        }
    }
}

/// <summary>Wakes the delivery worker when the matcher has put something in the outbox.</summary>
public sealed class DeliveryNudge
{
    public Nudge Nudge { get; } = new();

    public void Notify() => Nudge.Notify();
}
