namespace Indexer.Storage;

/// <summary>
/// The pages waiting to be fetched for their story, durably. The store fills it itself, in the transaction of
/// the upsert that made an article want its page (a new item, or a new version of one, whose feed asks for the
/// page); an article is queued once per version. Workers claim pages under a lease, so among several instances
/// one fetches each page, and a worker that dies (kill -9 included) loses its claims when the lease runs out.
/// Completing writes the story into the article as a new change of the change log, in one transaction with
/// taking the page off the queue: a completed page is never fetched again for the same version.
/// </summary>
public interface IPageQueue
{
    /// <summary>
    /// Claims up to <paramref name="max"/> due pages (pending, retry time passed, lease free or run out) for
    /// <paramref name="owner"/> until <paramref name="now"/> + <paramref name="lease"/>; counts an attempt for each.
    /// </summary>
    Task<IReadOnlyList<PageClaim>> ClaimAsync(string owner, int max, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Extends the lease of claims still held by <paramref name="owner"/>; returns how many still were.</summary>
    Task<int> RenewAsync(string owner, IReadOnlyCollection<string> articleIds, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the story into the article (a new change) and takes the page off the queue, if the claim still holds
    /// (same owner, same article version). False when it did not: the lease ran out and another took it, or the
    /// feed changed the item meanwhile and it waits again for its new version.
    /// </summary>
    Task<bool> CompleteAsync(PageClaim claim, string owner, PageStory story, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed try on the article (its extractionError; not a change of the log: the indexed text is the
    /// same). With <paramref name="retryAt"/> the page waits until then; without, it is left as failed and the
    /// article keeps the feed's text. False when the claim no longer holds.
    /// </summary>
    Task<bool> FailAsync(PageClaim claim, string owner, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the claim back without counting it (the store, not the page, failed the try): the page is due again at
    /// <paramref name="retryAt"/>, for any instance, as if this try had not been made. False when the claim no longer holds.
    /// </summary>
    Task<bool> ReleaseAsync(PageClaim claim, string owner, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the page off the queue unread, if the claim still holds: its feed no longer wants pages (set to fullText
    /// never, or gone from feeds.json). The article keeps the feed's text and records no error: nothing failed.
    /// </summary>
    Task<bool> DropAsync(PageClaim claim, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Takes off the queue, unread, the pending pages of every feed but <paramref name="feedIds"/> (the feeds that
    /// still want pages), also those waiting to retry; a page leased now is left to its reader, which drops it when it
    /// claims it, or finishes it. Returns how many were dropped. Pages given up stay, as each feed's record.
    /// </summary>
    Task<int> DropOtherFeedsAsync(IReadOnlyCollection<string> feedIds, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Pages pending (waiting or being fetched) and failed (given up), per feed.</summary>
    Task<IReadOnlyDictionary<string, PageQueueCounts>> CountByFeedAsync(CancellationToken cancellationToken);
}

/// <param name="Attempt">Which try this is: 1 for the first.</param>
/// <param name="ContentHash">The article version the page was queued for.</param>
public sealed record PageClaim(string ArticleId, string FeedId, string Url, string ContentHash, int Attempt);

/// <summary>What the page gave: the story, and metadata for what the feed did not say.</summary>
public sealed record PageStory(string Body, string? Author, DateTimeOffset? Published, string? ImageUrl, string? CanonicalUrl);

public sealed record PageQueueCounts(long Pending, long Failed);
