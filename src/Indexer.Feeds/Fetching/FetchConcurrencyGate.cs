using System.Collections.Concurrent;

namespace Indexer.Feeds.Fetching;

/// <summary>Caps fetches in flight globally and per host name.</summary>
/// <remarks>
/// The host slot is taken before the global one: a fetch queued behind a stalled host then waits without
/// holding a global slot, so other hosts keep all but that host's share.
/// </remarks>
internal sealed class FetchConcurrencyGate(int maxConcurrent, int maxPerHost) : IDisposable
{
    private readonly SemaphoreSlim _global = new(maxConcurrent, maxConcurrent);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> EnterAsync(Uri url, CancellationToken cancellationToken)
    {
        var host = _hosts.GetOrAdd(url.IdnHost, _ => new SemaphoreSlim(maxPerHost, maxPerHost));
        await host.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _global.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Release();
            throw;
        }
        return new Slot(host, _global);
    }

    public void Dispose()
    {
        _global.Dispose();
        foreach (var host in _hosts.Values)
            host.Dispose();
    }

    private sealed class Slot(SemaphoreSlim host, SemaphoreSlim global) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
                return;
            global.Release();
            host.Release();
        }
    }
}
