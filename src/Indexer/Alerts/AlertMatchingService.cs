using Indexer.Storage;

namespace Indexer.Alerts;

/// <summary>
/// Runs the <see cref="AlertMatcher"/> for the life of the host, on one instance of the cluster at a time (a lock in
/// the store, freed when its holder dies), woken by the store or every poll interval.
/// </summary>
public sealed class AlertMatchingService(
    AlertMatcher matcher,
    IClusterLocks locks,
    StoreChangeSignal signal,
    DeliveryNudge deliveries,
    ILogger<AlertMatchingService> logger) : BackgroundService
{
    public const string LockName = "alert-matcher";

    // Polling too covers writers the signal cannot reach: other instances sharing the store.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly Nudge _nudge = signal.Follow();

    /// <summary>Runs before the schedule starts (the host starts its services in order), so no fetch beats it.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await matcher.PrepareAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var held = await locks.TryAcquireAsync(LockName, stoppingToken);
                if (held is null)
                {
                    // Another instance matches; be ready to take over when it stops.
                    await Task.Delay(PollInterval * 4, stoppingToken);
                    continue;
                }
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (await matcher.CatchUpAsync(stoppingToken) > 0) deliveries.Notify();
                    await _nudge.WaitAsync(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The store may come back (a restarted database, a full disk); keep trying rather than die.
                logger.LogError(e, "Alert matching failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }
}

/// <summary>Wakes the delivery worker when the matcher has put something in the outbox.</summary>
public sealed class DeliveryNudge
{
    public Nudge Nudge { get; } = new();

    public void Notify() => Nudge.Notify();
}
