namespace Indexer.Articles;

/// <summary>An article as one fetch saw it, before the store decides whether it is new, changed or the same.</summary>
/// <param name="ItemKey">The guid, else the link, else a hash of title and content: unique within the feed.</param>
/// <param name="ContentHash">Changes exactly when a stored field would change.</param>
/// <param name="WantsPage">The story should come from the linked page (the feed's fullText setting and text): the store queues it.</param>
public sealed record ArticleDraft(
    string Id,
    string FeedId,
    string ItemKey,
    string? Guid,
    string Title,
    string? Url,
    DateTimeOffset? Published,
    string? Author,
    string? Summary,
    string Body,
    string Language,
    string ContentHash,
    bool WantsPage = false);
