using System.Collections.Immutable;

namespace Indexer.Configuration;

/// <summary>
/// The configured feeds: the one owner of the feed list. Filled from feeds.json before the host starts, swapped
/// whole by <see cref="FeedsFileWatcher"/> on each good edit; whoever acts on the list (the schedule) subscribes.
/// </summary>
public sealed class FeedCatalog(IEnumerable<FeedDefinition> feeds)
{
    private ImmutableArray<FeedDefinition> _feeds = [.. feeds];
    private ImmutableArray<Func<IReadOnlyList<FeedDefinition>, CancellationToken, Task>> _subscribers = [];

    public FeedCatalog() : this([]) { }

    public IReadOnlyList<FeedDefinition> Feeds => _feeds;

    /// <summary>The feed with this id, ignoring case: feeds.json refuses ids that differ only in case.</summary>
    public FeedDefinition? Find(string id) => _feeds.FirstOrDefault(f => f.Id == id)
        ?? _feeds.FirstOrDefault(f => f.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Calls <paramref name="onChange"/> with the new list after every <see cref="ReplaceAsync"/>.</summary>
    public void Subscribe(Func<IReadOnlyList<FeedDefinition>, CancellationToken, Task> onChange) =>
        ImmutableInterlocked.Update(ref _subscribers, s => s.Add(onChange));

    /// <summary>Makes <paramref name="feeds"/> the list, then tells the subscribers; their failures reach the caller.</summary>
    public async Task ReplaceAsync(IReadOnlyList<FeedDefinition> feeds, CancellationToken cancellationToken)
    {
        _feeds = [.. feeds];
        foreach (var onChange in _subscribers)
            await onChange(_feeds, cancellationToken);
    }
}
