namespace Indexer.Storage;

/// <summary>
/// Named locks held by one holder at a time among every instance sharing the store (for the embedded store, which
/// one process owns, among the callers in that process). A lock whose holder dies is free again: on PostgreSQL
/// they are session advisory locks, released by the server when the connection drops, kill -9 included.
/// </summary>
public interface IClusterLocks
{
    /// <summary>Waits until nobody holds <paramref name="name"/>, then holds it until the result is disposed.</summary>
    Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken);

    /// <summary>Holds <paramref name="name"/> if nobody does; null when somebody does.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a lock taken here is still held: on PostgreSQL it dies with its database session (an idle timeout, a
    /// dropped connection, a terminated backend), and another instance may hold it now. In-process locks cannot be lost.
    /// </summary>
    Task<bool> StillHeldAsync(IAsyncDisposable held, CancellationToken cancellationToken) => Task.FromResult(true);
}
