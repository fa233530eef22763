using Indexer.Storage;

namespace Indexer.Indexing;

/// <summary>
/// Follows the store's change sequence and applies it to the index: the only path by which articles reach the
/// index. Batches changes so a large ingest costs few commits.
/// </summary>
public sealed class IndexSynchronizer(IArticleStore store, ArticleIndex index, ILogger<IndexSynchronizer> logger)
{
    public const int BatchSize = 2000;

    /// <summary>Applies every change the store has beyond what the index holds; returns how many.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var last = await store.GetLastSequenceAsync(cancellationToken);
        if (index.AppliedSequence > last)
        {
            // The store is older than the index (restored from a backup, or replaced): the index can't be trusted.
            logger.LogWarning("The index holds changes up to {Applied} but the store only reaches {Last}; rebuilding", index.AppliedSequence, last);
            index.Clear();
        }

        var applied = 0;
        while (true)
        {
            var changes = await store.ReadChangesAsync(index.AppliedSequence, BatchSize, cancellationToken);
            if (changes.Count == 0) break;
            index.Apply(changes);
            applied += changes.Count;
        }
        if (applied > 0)
        {
            index.Refresh();
            index.Commit();
        }
        return applied;
    }

    /// <summary>How many store changes are not yet searchable.</summary>
    public async Task<long> GetLagAsync(CancellationToken cancellationToken) =>
        Math.Max(0, await store.GetLastSequenceAsync(cancellationToken) - index.AppliedSequence);
}
