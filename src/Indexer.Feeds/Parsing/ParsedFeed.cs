namespace Indexer.Feeds.Parsing;

/// <summary>A feed in one shape whatever its format; nothing downstream sees RSS, Atom or JSON Feed types.</summary>
public sealed record ParsedFeed(string Format, string? Title, string? Language, TimeSpan? Ttl, IReadOnlyList<ParsedItem> Items)
{
    /// <summary>
    /// What was wrong with a document that was read all the same (cut off, not well-formed, served as a type that
    /// is not a feed's), so that the publisher's problem is reported rather than hidden by the salvage. Empty for
    /// a clean document.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <param name="Body">Plain text: HTML removed, paragraphs kept as line breaks.</param>
/// <param name="PublishedRaw">The date exactly as the feed wrote it, for logging when it could not be read.</param>
public sealed record ParsedItem(
    string? Guid,
    string? Link,
    string? Title,
    DateTimeOffset? Published,
    string? PublishedRaw,
    string? Author,
    string? Summary,
    string Body,
    string? Language);
