namespace Indexer.Storage;

/// <summary>
/// A nudge that the store has new changes, so followers of the change sequence need not wait for their next poll.
/// It carries no data: followers always read the changes from the store itself.
/// </summary>
public sealed class StoreChangeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { /* already signalled; one wake-up is enough */ }
    }

    /// <summary>Returns when notified or when <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
