namespace Indexer.Storage.Sqlite;

/// <summary>
/// Each feed's article count as of one store sequence, carried forward by this store's own upserts. Counting afresh
/// walks one index entry per article (55-70 ms at a million articles), and <c>/feeds</c>, the metrics and every
/// rebuild ask; during a 400,000-article ingest a client polling <c>/feeds</c> ten times a second took a fifth of a
/// core from it. Any other change of the sequence (retention, a page's story, another process on the same file)
/// leaves the counts behind it, and the next reader counts afresh.
/// </summary>
internal sealed class FeedCounts
{
    private readonly Lock _gate = new();
    private long _sequence = -1;
    private Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>A copy of the counts if they are those of <paramref name="sequence"/>, else null.</summary>
    public IReadOnlyDictionary<string, long>? At(long sequence)
    {
        lock (_gate) return _sequence == sequence ? new Dictionary<string, long>(_counts, StringComparer.Ordinal) : null;
    }

    /// <summary>Counts read in one snapshot with the sequence they belong to.</summary>
    public void Counted(long sequence, IReadOnlyDictionary<string, long> counts)
    {
        lock (_gate)
        {
            _sequence = sequence;
            _counts = new Dictionary<string, long>(counts, StringComparer.Ordinal);
        }
    }

    /// <summary>A committed upsert took the sequence from <paramref name="before"/> to <paramref name="after"/>, adding these new articles.</summary>
    public void Added(long before, long after, IReadOnlyDictionary<string, int> added)
    {
        lock (_gate)
        {
            // Counts of another sequence are already behind: the next reader counts afresh.
            if (_sequence != before) return;
            foreach (var (feed, count) in added) _counts[feed] = _counts.GetValueOrDefault(feed) + count;
            _sequence = after;
        }
    }
}
