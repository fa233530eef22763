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

    protected abstract string LockName { get; }

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
                await RunWhileHeldAsync(stoppingToken);
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
