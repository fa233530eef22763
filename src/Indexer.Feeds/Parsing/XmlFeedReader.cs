using System.Globalization;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using static Indexer.Feeds.Parsing.FeedXmlNames;

namespace Indexer.Feeds.Parsing;

/// <summary>Reads RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and CDF from an already safely loaded document.</summary>
/// <remarks>
/// Items are found by local name, whatever namespace or prefix the publisher put them in: RSS with no channel,
/// RSS elements under a prefix and RDF items outside the channel are all in real feeds. Each item's fields are
/// then read from its raw element.
/// </remarks>
internal static class XmlFeedReader
{
    public static ParsedFeed Read(XDocument document, Uri feedUrl)
    {
        var root = document.Root ?? throw new FeedFormatException("not a feed: the XML document is empty");
        var kind = KindOf(root);
        var channel = kind switch
        {
            _ when IsNamed(root, "channel") => root,
            FeedKind.Atom => root,
            _ => ChildrenNamed(root, "channel").FirstOrDefault(),
        };
        var feedLanguage = kind == FeedKind.Atom ? root.InheritedLanguage() : channel is null ? root.InheritedLanguage() : ChannelLanguage(channel);
        feedLanguage = LanguageTag.Read(feedLanguage);
        var items = kind switch
        {
            FeedKind.Atom => ItemElements(document, ChildrenNamed(root, "entry")).Select(e => AtomEntryReader.Read(e, feedUrl)),
            FeedKind.Cdf => root.Descendants().Where(e => IsNamed(e, "item")).Select(e => CdfItemReader.Read(e, feedUrl, feedLanguage)),
            // RSS 1.0/0.90 put items beside the channel; RSS 0.9x/2.0 inside it; some feeds do both or neither.
            _ => ItemElements(document, (channel is null ? [] : ChildrenNamed(channel, "item")).Concat(ChildrenNamed(root, "item")))
                .Select(e => RssItemReader.Read(e, feedUrl, feedLanguage)),
        };
        return new ParsedFeed(
            FormatName(root, kind),
            FeedTitle(kind, root, channel),
            feedLanguage,
            channel is null || kind is FeedKind.Atom or FeedKind.Cdf ? null : Ttl(channel),
            items.ToList());
    }

    /// <summary>
    /// The feed's item elements as CodeHollow.FeedReader finds them, or as our own structural scan finds them
    /// when the library cannot: it throws NullReferenceException on valid feeds (an RSS without a channel, RDF
    /// under a prefix) and misses items outside the channel. Run over the public feedparser suite (2,107 files),
    /// the library alone rejected 35 well-formed feeds that the scan reads. Fields are read from the raw elements
    /// either way, since the library misses dc:creator, xml:base and Atom 0.3 dates and reads "IST" as UTC.
    /// For most RSS the library's choice is worked out without it (<see cref="LibraryRssItems"/>), to the same
    /// elements read the same way.
    /// </summary>
    private static IReadOnlyList<XElement> ItemElements(XDocument document, IEnumerable<XElement> scanned)
    {
        var ours = scanned.ToList();
        if (LibraryRssItems.Predict(document) is { } predicted)
            return predicted.Items is { } items && items.Count >= ours.Count ? predicted.AsLibraryParsedThem() : ours;
        IReadOnlyList<XElement> library;
        try
        {
            // Serialising our own DTD-free document is what makes the library's XDocument.Parse safe to call.
            library = FeedReader.ReadFromString(document.ToString(SaveOptions.DisableFormatting)).Items
                .Select(i => i.SpecificItem?.Element).OfType<XElement>().ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ours;
        }
        return library.Count >= ours.Count ? library : ours;
    }

    private enum FeedKind { Rss, Rdf, Atom, Cdf }

    private static FeedKind KindOf(XElement root) => root.Name.LocalName.ToLowerInvariant() switch
    {
        "rss" => FeedKind.Rss,
        "rdf" => FeedKind.Rdf,
        "feed" => FeedKind.Atom,
        // Microsoft's Channel Definition Format: <CHANNEL HREF=...><ITEM HREF=...>; a bare RSS <channel> root reads alike.
        "channel" when root.Name.LocalName == "CHANNEL" || root.Attribute("HREF") is not null => FeedKind.Cdf,
        "channel" => FeedKind.Rss,
        "html" => throw new FeedFormatException("not a feed: the response is an HTML page"),
        var other => throw new FeedFormatException($"not a feed: the XML root element is <{root.Name.LocalName}>"),
    };

    private static string FormatName(XElement root, FeedKind kind) => kind switch
    {
        FeedKind.Rss => root.Attribute("version")?.Value.Trim() is { Length: > 0 } version ? $"RSS {version}" : "RSS",
        FeedKind.Rdf when root.Elements().Any(e => e.Name.Namespace == Rss090) => "RSS 0.90",
        FeedKind.Rdf => "RSS 1.0",
        FeedKind.Atom => root.Name.Namespace == Atom03 || root.Attribute("version")?.Value.Trim() == "0.3" ? "Atom 0.3" : "Atom 1.0",
        _ => "CDF",
    };

    private static string? FeedTitle(FeedKind kind, XElement root, XElement? channel)
    {
        if (kind == FeedKind.Atom)
            return RssItemReader.NullIfEmpty(AtomEntryReader.TextConstruct(root.Element(root.Name.Namespace + "title")).Replace('\n', ' '));
        if (channel is null)
            return null;
        var title = channel.OwnChildText("title") ?? channel.ChildText(DublinCore + "title");
        return RssItemReader.NullIfEmpty(HtmlToText.ToInlineText(title));
    }

    private static string? ChannelLanguage(XElement channel) =>
        channel.OwnChildText("language") ?? channel.ChildText(DublinCore + "language") ?? channel.InheritedLanguage();

    /// <summary>"en_US" is a common spelling of the BCP 47 tag "en-US"; nothing else is changed.</summary>
    private static TimeSpan? Ttl(XElement channel) =>
        int.TryParse(channel.OwnChildText("ttl"), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? TimeSpan.FromMinutes(minutes)
            : null;

    // Feed vocabularies are lower case, CDF's upper case; the namespace varies (none, RSS 1.0, RSS 0.90, a prefix).
    private static bool IsNamed(XElement element, string localName) =>
        element.Name.LocalName.Equals(localName, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<XElement> ChildrenNamed(XElement parent, string localName) =>
        parent.Elements().Where(e => IsNamed(e, localName) && IsFeedVocabulary(e));

    // Not an extension's element of the same name (media:title, some module's item).
    private static bool IsFeedVocabulary(XElement element) =>
        element.Name.Namespace == XNamespace.None || element.Name.Namespace == Rss10 || element.Name.Namespace == Rss090
        || element.Name.Namespace == element.Parent?.Name.Namespace || element.Name.Namespace == element.Document?.Root?.Name.Namespace;
}
