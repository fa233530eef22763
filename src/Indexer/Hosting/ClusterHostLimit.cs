using Indexer.Feeds.Fetching;
using Indexer.Storage;

namespace Indexer.Hosting;

/// <summary>
/// The fetcher's per-host cap, held for the whole cluster through the store's locks: a host with a cap of N has
/// N named slots, and a fetch holds one of them. The fetcher (Indexer.Feeds) and the store know nothing of each
/// other; this is where they meet. A slot whose instance dies is freed with its database session.
/// </summary>
public sealed class ClusterHostLimit(IClusterLocks locks) : ISharedHostLimit
{
    /// <summary>How long to wait before looking for a free slot again; short next to a fetch, long next to a query.</summary>
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(100);

    public async Task<IAsyncDisposable> EnterAsync(string host, int slots, CancellationToken cancellationToken)
    {
        // Start at a random slot so instances do not all queue on slot 0 of a busy host.
        var start = Random.Shared.Next(slots);
        while (true)
        {
            for (var i = 0; i < slots; i++)
            {
                if (await locks.TryAcquireAsync($"fetch-host:{host}:{(start + i) % slots}", cancellationToken) is { } slot)
                    return slot;
            }
            await Task.Delay(Retry * (0.5 + Random.Shared.NextDouble()), cancellationToken);
        }
    }
}
