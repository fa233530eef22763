namespace Indexer.Feeds.Fetching;

/// <summary>
/// The per-host cap (Fetching:MaxConcurrentFetchesPerHost) held beyond this process: several instances fetching
/// from one feed list must not add up to more requests in flight to one publisher than one instance would make.
/// Without one registered, the cap holds per process. The fetcher knows nothing of how it is shared.
/// </summary>
public interface ISharedHostLimit
{
    /// <summary>Waits until fewer than <paramref name="slots"/> fetches to <paramref name="host"/> are in flight anywhere, and counts this one until disposed.</summary>
    Task<IAsyncDisposable> EnterAsync(string host, int slots, CancellationToken cancellationToken);
}
