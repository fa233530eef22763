using System.Xml.Linq;
using static Indexer.Feeds.Parsing.FeedXmlNames;

namespace Indexer.Feeds.Parsing;

/// <summary>Maps one RSS 0.9x/1.0/2.0 item element to a <see cref="ParsedItem"/>.</summary>
/// <remarks>
/// Each field has a chain of fallbacks, most specific first: the RSS element, then Dublin Core, then the
/// podcast and Media RSS modules, because many feeds carry a field only in a module.
/// </remarks>
internal static class RssItemReader
{
    public static ParsedItem Read(XElement item, Uri feedUrl, string? feedLanguage)
    {
        var baseUri = LinkResolver.BaseFor(item, feedUrl);
        var guid = Guid(item);
        var description = item.OwnChildText("description") ?? item.ChildText(DublinCore + "description")
            ?? ITunesText(item, "summary") ?? MediaText(item, "description");
        var summary = HtmlToText.ToText(description);
        var body = Body(item);
        var publishedRaw = item.OwnChildText("pubDate")
            ?? item.FirstChildText(DublinCore + "date", DcTerms + "issued", DcTerms + "created", DcTerms + "modified");
        var title = item.OwnChildText("title") ?? item.ChildText(DublinCore + "title") ?? MediaText(item, "title");
        var author = item.OwnChildText("author") ?? item.FirstChildText(DublinCore + "creator", DublinCore + "author")
            ?? ITunesText(item, "author");
        return new ParsedItem(
            Guid: guid,
            Link: LinkResolver.Resolve(item.OwnChildText("link") ?? PermalinkGuid(item, guid), baseUri),
            Title: NullIfEmpty(HtmlToText.ToInlineText(title)),
            Published: FeedDateParser.Parse(publishedRaw),
            PublishedRaw: publishedRaw,
            Author: NullIfEmpty(HtmlToText.ToInlineText(author)),
            Summary: NullIfEmpty(summary),
            Body: body.Length > 0 ? body : summary,
            // An item's language that is no language tag gives way to the next one declared, not to none.
            Language: LanguageTag.Read(item.ChildText(DublinCore + "language")) ?? LanguageTag.Read(item.Attribute(XNamespace.Xml + "lang")?.Value)
                ?? LanguageTag.Read(feedLanguage));
    }

    /// <summary>
    /// The full text: content:encoded, else an inline XHTML body (xhtml:body, or an unprefixed &lt;body&gt;),
    /// else the old &lt;fullitem&gt; of escaped HTML.
    /// </summary>
    private static string Body(XElement item)
    {
        if (item.Element(Content + "encoded")?.Value is { } encoded && !string.IsNullOrWhiteSpace(encoded))
            return HtmlToText.ToText(encoded);
        var xhtmlBody = item.Element(Xhtml + "body") ?? item.OwnChild("body");
        if (xhtmlBody is not null)
            return HtmlToText.ToText(string.Concat(xhtmlBody.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting))));
        return HtmlToText.ToText(item.OwnChild("fullitem")?.Value);
    }

    /// <summary>RSS 2.0 guid; RSS 1.0 identifies items by rdf:about instead.</summary>
    private static string? Guid(XElement item) =>
        item.OwnChildText("guid") ?? NullIfEmpty(item.Attribute(Rdf + "about")?.Value.Trim());

    // A guid is a permalink unless it says otherwise (RSS 2.0 spec), so it stands in for a missing link.
    private static string? PermalinkGuid(XElement item, string? guid)
    {
        var isPermaLink = item.OwnChild("guid")?.Attribute("isPermaLink")?.Value.Trim();
        return string.Equals(isPermaLink, "false", StringComparison.OrdinalIgnoreCase) ? null : guid;
    }

    // Podcast feeds spell the iTunes namespace URI in more than one case.
    private static string? ITunesText(XElement item, string localName) =>
        item.Elements()
            .FirstOrDefault(e => e.Name.LocalName == localName && e.Name.NamespaceName.Equals(ITunes.NamespaceName, StringComparison.OrdinalIgnoreCase))
            ?.Value.Trim() is { Length: > 0 } value ? value : null;

    // Media RSS puts title and description on the item, or inside a media:group or media:content.
    private static string? MediaText(XElement item, string localName) =>
        item.Descendants(MediaRss + localName).Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);

    internal static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
