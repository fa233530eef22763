using Indexer.Configuration;
using Indexer.Storage;
using Microsoft.Extensions.Options;

namespace Indexer.Retention;

/// <summary>
/// Deletes what the operator no longer wants kept: articles older than Retention:MaxAge, and each feed's articles
/// beyond its maxArticles, oldest first. The store records each deletion in its change sequence, so the index
/// drops them too on its next catch-up.
/// </summary>
public sealed class RetentionPolicy(
    IArticleStore store,
    FeedCatalog catalog,
    StoreChangeSignal storeChanged,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<RetentionPolicy> logger)
{
    public async Task<RetentionResult> ApplyAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        if (options.Value.MaxAge is { } maxAge)
            expired = await store.DeleteOlderThanAsync(clock.GetUtcNow() - maxAge, cancellationToken);

        var trimmed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var feed in catalog.Feeds)
        {
            if (feed.MaxArticles is not { } max) continue;
            var deleted = await store.TrimFeedAsync(feed.Id, max, cancellationToken);
            if (deleted > 0) trimmed[feed.Id] = deleted;
        }

        var result = new RetentionResult(expired, trimmed);
        if (result.Total > 0)
        {
            storeChanged.Notify();
            logger.LogInformation("Retention deleted {Expired} articles older than {MaxAge} and {Trimmed} over feed caps {PerFeed}",
                expired, options.Value.MaxAge, trimmed.Values.Sum(), trimmed);
        }
        return result;
    }
}

/// <param name="Expired">Articles deleted for age.</param>
/// <param name="TrimmedByFeed">Articles deleted per feed for exceeding its maxArticles; feeds with none left out.</param>
public sealed record RetentionResult(int Expired, IReadOnlyDictionary<string, int> TrimmedByFeed)
{
    public int Total => Expired + TrimmedByFeed.Values.Sum();
}
