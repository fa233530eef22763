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
            return WithWarnings(JsonFeedReader.Read(text, feedUrl), contentType, null);
        if (LooksLikeHtml(start))
            throw new FeedFormatException("not a feed: the response is an HTML page");
        if (start[0] != '<')
            throw new FeedFormatException("not a feed: the response is neither XML nor JSON");
        var loaded = SafeXmlLoader.Load(text);
        return WithWarnings(XmlFeedReader.Read(loaded.Document, feedUrl), contentType, loaded.Warning);
    }

    private static ParsedFeed WithWarnings(ParsedFeed feed, string? contentType, string? loadWarning)
    {
        string?[] warnings = [loadWarning, .. feed.Warnings, ContentTypeWarning(contentType, feed.Format)];
        return feed with { Warnings = [.. warnings.OfType<string>()] };
    }

    /// <summary>
    /// A feed served as text/html or text/plain is read all the same (many servers label .xml files badly), but
    /// the publisher should hear of it: readers stricter than this one refuse it.
    /// </summary>
    private static string? ContentTypeWarning(string? contentType, string format)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var mediaType = contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        string[] feedWords = ["xml", "json", "rss", "atom", "rdf"];
        return mediaType.Length == 0 || feedWords.Any(mediaType.Contains)
            ? null
            : $"served as {mediaType}, which is not a feed type; read as {format} anyway";
    }

    private static bool LooksLikeHtml(ReadOnlySpan<char> start) =>
        start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
        || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
}
