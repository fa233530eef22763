namespace Indexer.Articles;

/// <summary>A stored article: what <c>GET /articles/{id}</c> returns and what the index is built from.</summary>
public sealed record Article
{
    /// <summary>Stable: derived from the feed id and the item key, so re-fetches land on the same article.</summary>
    public required string Id { get; init; }
    public required string FeedId { get; init; }
    public string? Guid { get; init; }
    public required string Title { get; init; }
    public string? Url { get; init; }
    /// <summary>UTC; null when the feed gave no usable date.</summary>
    public DateTimeOffset? Published { get; init; }
    public string? Author { get; init; }
    public string? Summary { get; init; }
    public required string Body { get; init; }
    public required string Language { get; init; }
    /// <summary>When this service first stored the article (UTC); orders undated articles.</summary>
    public DateTimeOffset FirstSeen { get; init; }
    /// <summary>When the stored content last changed (UTC).</summary>
    public DateTimeOffset Updated { get; init; }
}
