using System.Collections.Concurrent;

namespace Indexer.Feeds.Fetching;

/// <summary>Caps fetches in flight globally and per host name; the host cap also across processes when <paramref name="shared"/> is given.</summary>
/// <remarks>
/// The host slots are taken before the global one: a fetch queued behind a stalled host then waits without
/// holding a global slot, so other hosts keep all but that host's share. The process's own host slot comes
/// before the shared one, so a process never holds more shared slots for a host than its own cap.
/// </remarks>
internal sealed class FetchConcurrencyGate(int maxConcurrent, int maxPerHost, ISharedHostLimit? shared = null) : IDisposable
{
    private readonly SemaphoreSlim _global = new(maxConcurrent, maxConcurrent);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="global">False for fetches that run under a cap of their own (page fetches): they wait for the
    /// host's slot alone, so they never take a global slot from feed fetches.</param>
    public async Task<IAsyncDisposable> EnterAsync(Uri url, CancellationToken cancellationToken, bool global = true)
    {
        var host = _hosts.GetOrAdd(url.IdnHost, _ => new SemaphoreSlim(maxPerHost, maxPerHost));
        await host.WaitAsync(cancellationToken).ConfigureAwait(false);
        IAsyncDisposable? sharedSlot = null;
        try
        {
            if (shared is not null)
                sharedSlot = await shared.EnterAsync(url.IdnHost.ToLowerInvariant(), maxPerHost, cancellationToken).ConfigureAwait(false);
            if (global)
                await _global.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (sharedSlot is not null) await sharedSlot.DisposeAsync().ConfigureAwait(false);
            host.Release();
            throw;
        }
        return new Slot(host, global ? _global : null, sharedSlot);
    }

    public void Dispose()
    {
        _global.Dispose();
        foreach (var host in _hosts.Values)
            host.Dispose();
    }

    private sealed class Slot(SemaphoreSlim host, SemaphoreSlim? global, IAsyncDisposable? shared) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
                return;
            global?.Release();
            if (shared is not null)
                await shared.DisposeAsync().ConfigureAwait(false);
            host.Release();
        }
    }
}
