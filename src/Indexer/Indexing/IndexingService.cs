using Indexer.Storage;

namespace Indexer.Indexing;

/// <summary>
/// Runs the <see cref="IndexSynchronizer"/> for the life of the host, woken by the store or every poll interval, and
/// after each catch-up lets the <see cref="IndexCompactor"/> merge the index down once it is quiet.
/// </summary>
public sealed class IndexingService(
    IndexSynchronizer synchronizer,
    ArticleIndex index,
    IndexCompactor compactor,
    StoreChangeSignal signal,
    StoreOutage outage,
    ILogger<IndexingService> logger) : BackgroundService
{
    // Polling too covers writers the signal cannot reach, such as another process sharing the store.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ShutdownCatchUp = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var applied = await synchronizer.CatchUpAsync(stoppingToken);
                if (applied > 0)
                    logger.LogDebug("Indexed {Count} store changes; the index holds {Ranges}", applied, index.Applied);
                compactor.AfterCatchUp(applied);
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The store or disk may recover (a full disk, a locked database); keep trying rather than die.
                if (!outage.Report(e))
                    logger.LogError(e, "Indexing failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!index.IsOpen) return;
        // Fetches have finished by now (the scheduler stops first): take their changes too, then commit, so the
        // next start resumes here. Only briefly: a rebuild in progress resumes after the restart instead.
        try
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(ShutdownCatchUp);
            await synchronizer.CatchUpAsync(budget.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Stopping with store changes not yet indexed; the next start applies them");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Could not apply the last store changes at shutdown; the next start will");
        }
        try
        {
            // The commit waits for the batch still in flight and reports its failure: the host must stop all the same.
            index.Commit();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Could not apply the last store changes at shutdown; the next start will");
        }
    }
}
