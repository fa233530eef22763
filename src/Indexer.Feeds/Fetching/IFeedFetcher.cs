namespace Indexer.Feeds.Fetching;

public interface IFeedFetcher
{
    /// <summary>Fetches one feed. Never throws for anything the publisher did; failures come back as <see cref="FetchStatus.Failed"/>.</summary>
    Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken);
}
