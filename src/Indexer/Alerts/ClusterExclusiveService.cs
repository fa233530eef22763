using Indexer.Storage;

namespace Indexer.Alerts;

/// <summary>
/// A background service that runs on one instance of the cluster at a time: it works while it holds a named lock
/// of the store (freed by the database when its holder dies, kill -9 included), and otherwise waits to take over.
/// Failures are logged and retried: the store may come back (a restarted database, a full disk).
/// </summary>
public abstract class ClusterExclusiveService(IClusterLocks locks, StoreOutage outage, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan TakeOverInterval = TimeSpan.FromSeconds(2);

    /// <summary>How often the holder checks that its lock is still its own; about the time another instance takes two to take over.</summary>
    private static readonly TimeSpan HeldCheckInterval = TimeSpan.FromSeconds(2);

    protected abstract string LockName { get; }

    private async Task WatchAsync(IAsyncDisposable held, CancellationTokenSource lost)
    {
        try
        {
            while (true)
            {
                await Task.Delay(HeldCheckInterval, lost.Token);
                if (!await locks.StillHeldAsync(held, lost.Token)) break;
            }
            await lost.CancelAsync();
        }
        catch (OperationCanceledException)
        {
            // The work ended (or the host is stopping): nothing more to watch.
        }
    }

    /// <summary>The work, for as long as the lock is held: returns only when stopping (or throws).</summary>
    protected abstract Task RunWhileHeldAsync(CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var held = await locks.TryAcquireAsync(LockName, stoppingToken);
                if (held is null)
                {
                    await Task.Delay(TakeOverInterval, stoppingToken);
                    continue;
                }
                // A lock lost with its database session is taken by another instance within TakeOverInterval: the work
                // stops here then, or two instances matched and delivered at once (audit10 F5).
                using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var watching = WatchAsync(held, lost);
                try
                {
                    await RunWhileHeldAsync(lost.Token);
                }
                catch (OperationCanceledException) when (lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("{Work}: the lock was lost with its database session; stopped, and taking it again", LockName);
                }
                finally
                {
                    await lost.CancelAsync();
                    await watching;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                if (!outage.Report(e))
                    logger.LogError(e, "{Work} failed; retrying", LockName);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }
}
