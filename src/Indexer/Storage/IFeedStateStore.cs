namespace Indexer.Storage;

/// <summary>What the service remembers about fetching each feed (validators, redirects, failures, back-off).</summary>
public interface IFeedStateStore
{
    Task<FeedState?> GetAsync(string feedId, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, FeedState>> GetAllAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the feed's state as a whole.</summary>
    Task SaveAsync(FeedState state, CancellationToken cancellationToken);
}
