using System.Xml.Linq;
using static Indexer.Feeds.Parsing.FeedXmlNames;

namespace Indexer.Feeds.Parsing;

/// <summary>Maps one RSS 0.9x/1.0/2.0 item element to a <see cref="ParsedItem"/>.</summary>
internal static class RssItemReader
{
    public static ParsedItem Read(XElement item, Uri feedUrl, string? feedLanguage)
    {
        var ns = item.Name.Namespace;
        var baseUri = LinkResolver.BaseFor(item, feedUrl);
        var guid = Guid(item);
        var description = item.Element(ns + "description")?.Value;
        var encoded = item.Element(Content + "encoded")?.Value;
        var summary = HtmlToText.ToText(description);
        var body = HtmlToText.ToText(encoded);
        var publishedRaw = item.ChildText(ns + "pubDate") ?? item.ChildText(DublinCore + "date");
        return new ParsedItem(
            Guid: guid,
            Link: LinkResolver.Resolve(item.ChildText(ns + "link") ?? PermalinkGuid(item, guid), baseUri),
            Title: NullIfEmpty(HtmlToText.ToInlineText(item.Element(ns + "title")?.Value)),
            Published: FeedDateParser.Parse(publishedRaw),
            PublishedRaw: publishedRaw,
            Author: NullIfEmpty(HtmlToText.ToInlineText(item.ChildText(ns + "author") ?? item.ChildText(DublinCore + "creator"))),
            Summary: NullIfEmpty(summary),
            Body: body.Length > 0 ? body : summary,
            Language: item.ChildText(DublinCore + "language") ?? item.Attribute(XNamespace.Xml + "lang")?.Value ?? feedLanguage);
    }

    /// <summary>RSS 2.0 guid; RSS 1.0 identifies items by rdf:about instead.</summary>
    private static string? Guid(XElement item) =>
        item.ChildText(item.Name.Namespace + "guid") ?? NullIfEmpty(item.Attribute(Rdf + "about")?.Value.Trim());

    // A guid is a permalink unless it says otherwise (RSS 2.0 spec), so it stands in for a missing link.
    private static string? PermalinkGuid(XElement item, string? guid)
    {
        var isPermaLink = item.Element(item.Name.Namespace + "guid")?.Attribute("isPermaLink")?.Value.Trim();
        return string.Equals(isPermaLink, "false", StringComparison.OrdinalIgnoreCase) ? null : guid;
    }

    internal static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
