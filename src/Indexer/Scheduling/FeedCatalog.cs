using System.Collections.Immutable;
using Indexer.Configuration;

namespace Indexer.Scheduling;

/// <summary>The feeds as last successfully loaded from feeds.json; swapped whole on each good edit.</summary>
public sealed class FeedCatalog
{
    private ImmutableArray<FeedDefinition> _feeds = [];

    public IReadOnlyList<FeedDefinition> Feeds => _feeds;

    public FeedDefinition? Find(string id) => _feeds.FirstOrDefault(f => f.Id == id);

    public void Replace(IReadOnlyList<FeedDefinition> feeds) => _feeds = [.. feeds];
}
