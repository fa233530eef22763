namespace Indexer.Feeds.Parsing;

public interface IFeedParser
{
    /// <summary>Parses feed bytes. Throws <see cref="FeedFormatException"/> when they are not a readable feed.</summary>
    /// <param name="feedUrl">Resolves relative links.</param>
    /// <param name="contentType">The HTTP Content-Type, whose charset counts after a BOM.</param>
    ParsedFeed Parse(byte[] content, Uri feedUrl, string? contentType);
}
