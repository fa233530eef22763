using Indexer.Articles;

namespace Indexer.Storage;

/// <summary>
/// Articles and their change log: the durable source of truth. Every change to an article (a new article, a new
/// version of one, a deletion) gets the next number of one store-wide sequence, and numbers become visible in the
/// order they were handed out, so a follower that reads "changes after the last one I applied" never skips one.
/// The index follows this log; the store knows nothing of the index.
/// </summary>
public interface IArticleStore
{
    /// <summary>Inserts new articles and updates changed ones for one feed, all in one transaction.</summary>
    Task<UpsertResult> UpsertAsync(IReadOnlyList<ArticleDraft> drafts, CancellationToken cancellationToken);

    Task<Article?> GetArticleAsync(string id, CancellationToken cancellationToken);

    /// <summary>The stored articles among <paramref name="ids"/>, in no particular order; unknown ids are left out.</summary>
    Task<IReadOnlyList<Article>> GetArticlesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Changes with a sequence number above <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<ArticleChange>> ReadChangesAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>The highest sequence number of a committed change (0 for an empty store).</summary>
    Task<long> GetLastSequenceAsync(CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, long>> CountArticlesByFeedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// How a feed has been publishing since a moment: the publication dates of its newest dated articles (up to
    /// <paramref name="sample"/>, newest first), and how many articles of any kind it brought in since then.
    /// </summary>
    Task<PublishingHistory> GetPublishingHistoryAsync(string feedId, DateTimeOffset since, int sample, CancellationToken cancellationToken);

    /// <summary>Deletes articles first seen before <paramref name="cutoff"/> (by published date when known).</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Keeps only the newest <paramref name="maxArticles"/> articles of a feed.</summary>
    Task<int> TrimFeedAsync(string feedId, int maxArticles, CancellationToken cancellationToken);

    /// <summary>True when a trivial query succeeds.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

/// <param name="Article">The article as it now is; null when it was deleted.</param>
public sealed record ArticleChange(long Sequence, string ArticleId, Article? Article);

public sealed record UpsertResult(int New, int Updated, int Unchanged);

/// <param name="RecentPublished">Publication dates of the newest dated articles, newest first.</param>
/// <param name="FirstSeenSince">Articles first seen in the window, dated or not.</param>
public sealed record PublishingHistory(IReadOnlyList<DateTimeOffset> RecentPublished, int FirstSeenSince);
