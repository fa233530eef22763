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
    /// <summary>UTC; the feed's date, else the page's; null when neither gave a usable one.</summary>
    public DateTimeOffset? Published { get; init; }
    /// <summary>The feed's author, else the page's.</summary>
    public string? Author { get; init; }
    /// <summary>The feed's own text for the item.</summary>
    public string? Summary { get; init; }
    /// <summary>The story: the page's extracted text when <see cref="BodySource"/> is Page, else the feed's text.</summary>
    public required string Body { get; init; }
    public required string Language { get; init; }
    /// <summary>When this service first stored the article (UTC); orders undated articles.</summary>
    public DateTimeOffset FirstSeen { get; init; }
    /// <summary>When the stored content last changed (UTC).</summary>
    public DateTimeOffset Updated { get; init; }
    public BodySource BodySource { get; init; } = BodySource.Feed;
    /// <summary>The story's image, from the page's metadata.</summary>
    public string? ImageUrl { get; init; }
    /// <summary>The page's own address for the story (rel=canonical), from its metadata.</summary>
    public string? CanonicalUrl { get; init; }
    /// <summary>When the page was last fetched for this article, successfully or not.</summary>
    public DateTimeOffset? ExtractedAt { get; init; }
    /// <summary>Why the page gave no story (the last try's error); null once it did.</summary>
    public string? ExtractionError { get; init; }
}

/// <summary>Where an article's body came from.</summary>
public enum BodySource
{
    /// <summary>The feed's own text for the item.</summary>
    Feed,
    /// <summary>The story extracted from the page the item links to.</summary>
    Page,
}
