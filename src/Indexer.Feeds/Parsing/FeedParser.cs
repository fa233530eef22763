namespace Indexer.Feeds.Parsing;

/// <summary>
/// Turns feed bytes into a <see cref="ParsedFeed"/>: JSON Feed 1.0/1.1, RSS 0.9x/1.0/2.0, Atom 0.3/1.0.
/// Stateless and thread-safe. Items keep the feed's order and are not de-duplicated.
/// </summary>
public sealed class FeedParser : IFeedParser
{
    /// <inheritdoc />
    public ParsedFeed Parse(byte[] content, Uri feedUrl, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(feedUrl);
        var text = FeedTextDecoder.Decode(content, contentType);
        // A second byte-order mark, left by a publisher's template, is not whitespace to .NET but is junk all the same.
        var start = text.AsSpan().TrimStart().TrimStart('\uFEFF').TrimStart();
        if (start.IsEmpty)
            throw new FeedFormatException("not a feed: the response is empty");
        if (start[0] == '{')
            return JsonFeedReader.Read(text, feedUrl);
        if (LooksLikeHtml(start))
            throw new FeedFormatException("not a feed: the response is an HTML page");
        if (start[0] != '<')
            throw new FeedFormatException("not a feed: the response is neither XML nor JSON");
        return XmlFeedReader.Read(SafeXmlLoader.Load(text), feedUrl);
    }

    private static bool LooksLikeHtml(ReadOnlySpan<char> start) =>
        start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
        || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
}
