namespace Indexer.Feeds.Parsing;

/// <summary>A feed in one shape whatever its format; nothing downstream sees RSS, Atom or JSON Feed types.</summary>
public sealed record ParsedFeed(string Format, string? Title, string? Language, TimeSpan? Ttl, IReadOnlyList<ParsedItem> Items);

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
