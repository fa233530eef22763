using System.Globalization;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using static Indexer.Feeds.Parsing.FeedXmlNames;

namespace Indexer.Feeds.Parsing;

/// <summary>Reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 from an already safely loaded document.</summary>
/// <remarks>
/// CodeHollow.FeedReader finds the feed's items; each item's fields are then read from its raw element,
/// because the library misses dc:creator, xml:base and Atom 0.3 dates and reads named time zones as UTC.
/// </remarks>
internal static class XmlFeedReader
{
    public static ParsedFeed Read(XDocument document, Uri feedUrl)
    {
        var root = document.Root ?? throw new FeedFormatException("not a feed: the XML document is empty");
        var format = FormatName(root);
        // Serialising our own DTD-free document is what makes the library's XDocument.Parse safe to call.
        var feed = ReadWithLibrary(document.ToString(SaveOptions.DisableFormatting));
        var isAtom = root.Name.LocalName.Equals("feed", StringComparison.OrdinalIgnoreCase);
        var channel = isAtom ? root : root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel");
        var feedLanguage = isAtom ? root.InheritedLanguage() : channel is null ? null : ChannelLanguage(channel);
        var items = feed.Items
            .Select(i => i.SpecificItem?.Element)
            .OfType<XElement>()
            .Select(e => isAtom ? AtomEntryReader.Read(e, feedUrl) : RssItemReader.Read(e, feedUrl, feedLanguage))
            .ToList();
        return new ParsedFeed(
            format,
            RssItemReader.NullIfEmpty(HtmlToText.ToInlineText(feed.Title)),
            feedLanguage,
            channel is null || isAtom ? null : Ttl(channel),
            items);
    }

    private static Feed ReadWithLibrary(string xml)
    {
        try
        {
            return FeedReader.ReadFromString(xml);
        }
        catch (Exception e)
        {
            throw new FeedFormatException($"not a readable feed: {e.Message}", e);
        }
    }

    private static string FormatName(XElement root) => root.Name.LocalName.ToLowerInvariant() switch
    {
        "rss" => root.Attribute("version")?.Value.Trim() is { Length: > 0 } version ? $"RSS {version}" : "RSS",
        "rdf" when root.Elements().Any(e => e.Name.Namespace == Rss090) => "RSS 0.90",
        "rdf" => "RSS 1.0",
        "feed" => root.Name.Namespace == Atom03 || root.Attribute("version")?.Value.Trim() == "0.3" ? "Atom 0.3" : "Atom 1.0",
        "html" => throw new FeedFormatException("not a feed: the response is an HTML page"),
        var other => throw new FeedFormatException($"not a feed: the XML root element is <{other}>"),
    };

    private static string? ChannelLanguage(XElement channel) =>
        channel.ChildText(channel.Name.Namespace + "language") ?? channel.ChildText(DublinCore + "language") ?? channel.InheritedLanguage();

    private static TimeSpan? Ttl(XElement channel) =>
        int.TryParse(channel.ChildText(channel.Name.Namespace + "ttl"), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? TimeSpan.FromMinutes(minutes)
            : null;
}
