using System.Collections.Concurrent;
using Indexer.Storage;

namespace Indexer.Alerts;

/// <summary>
/// The delivery worker's picture of the outbox: each alert's oldest few undelivered matches, all that a worker
/// sending in order may send next. It is kept current by reading only what changed: new matches, each once, from
/// the place the last read ended; and the head of an alert whose attempt ended. So a delivery costs a few index
/// reads however long the backlog (ranking the whole backlog after every delivery grew with it: 40-50 ms at 15,000
/// pending). Valid while its worker holds the delivery lock: then only the matcher writes pending rows besides the
/// worker, and it only adds later ones.
/// </summary>
internal sealed class PendingOutbox(IAlertStore store, int perAlert)
{
    private const int ReadBatch = 500;

    // Per alert, its oldest pending deliveries up to _readThrough, at most perAlert; alerts with none are absent.
    private readonly Dictionary<string, List<PendingDelivery>> _heads = new(StringComparer.Ordinal);
    // The same deliveries in the outbox's order, kept sorted as heads change rather than sorted per dispatch.
    private readonly SortedSet<PendingDelivery> _ordered = new(Comparer<PendingDelivery>.Create(
        (a, b) => a.Sequence != b.Sequence ? a.Sequence.CompareTo(b.Sequence) : string.CompareOrdinal(a.AlertId, b.AlertId)));
    // Alerts whose head may have changed in the store: an attempt ended, or a claim was refused. Set from the sending tasks.
    private readonly ConcurrentDictionary<string, byte> _changed = new(StringComparer.Ordinal);
    private OutboxPlace _readThrough = OutboxPlace.Start;

    /// <summary>The alert's head is read again before the next dispatch, and is not to be trusted until then.</summary>
    public void Changed(string alertId) => _changed[alertId] = 0;

    public bool IsChanged(string alertId) => _changed.ContainsKey(alertId);

    /// <summary>Every alert's head, oldest first (by change, then alert), as of the last <see cref="RefreshAsync"/>.</summary>
    public IReadOnlyCollection<PendingDelivery> Ordered => _ordered;

    /// <summary>Reads what changed in the store since the last refresh.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // New matches join their alert's head while it has room; the rest are read when it empties (below).
        while (true)
        {
            var added = await store.ReadPendingAfterAsync(_readThrough, ReadBatch, cancellationToken);
            foreach (var delivery in added)
            {
                if (!_heads.TryGetValue(delivery.AlertId, out var head)) _heads[delivery.AlertId] = head = [];
                if (head.Count >= perAlert) continue;
                head.Add(delivery);
                _ordered.Add(delivery);
            }
            if (added.Count > 0) _readThrough = new OutboxPlace(added[^1].Sequence, added[^1].AlertId);
            if (added.Count < ReadBatch) break;
        }
        foreach (var alertId in _changed.Keys)
        {
            // Marked again during the read, it is read again next time: the read may have been before the write.
            _changed.TryRemove(alertId, out _);
            var head = await store.ReadPendingAsync(alertId, _readThrough, perAlert, cancellationToken);
            if (_heads.Remove(alertId, out var old))
            {
                foreach (var delivery in old) _ordered.Remove(delivery);
            }
            if (head.Count == 0) continue;
            _heads[alertId] = [.. head];
            foreach (var delivery in head) _ordered.Add(delivery);
        }
    }
}
