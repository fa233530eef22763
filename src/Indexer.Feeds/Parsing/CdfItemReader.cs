using System.Xml.Linq;

namespace Indexer.Feeds.Parsing;

/// <summary>Maps one item of Microsoft's Channel Definition Format (&lt;ITEM HREF LASTMOD&gt;&lt;TITLE/&gt;&lt;ABSTRACT/&gt;).</summary>
internal static class CdfItemReader
{
    public static ParsedItem Read(XElement item, Uri feedUrl, string? feedLanguage)
    {
        var href = Attribute(item, "href");
        var publishedRaw = Attribute(item, "lastmod");
        var summary = HtmlToText.ToText(item.OwnChildText("abstract"));
        return new ParsedItem(
            Guid: href,
            Link: LinkResolver.Resolve(href, BaseFor(item, feedUrl)),
            Title: RssItemReader.NullIfEmpty(HtmlToText.ToInlineText(item.OwnChildText("title"))),
            Published: FeedDateParser.Parse(publishedRaw),
            PublishedRaw: publishedRaw,
            Author: null,
            Summary: RssItemReader.NullIfEmpty(summary),
            Body: summary,
            Language: feedLanguage);
    }

    // CDF's own BASE attribute on an enclosing CHANNEL sets the base, as xml:base does elsewhere.
    private static Uri BaseFor(XElement item, Uri feedUrl)
    {
        var result = LinkResolver.BaseFor(item, feedUrl);
        foreach (var scope in item.AncestorsAndSelf().Reverse())
        {
            if (Attribute(scope, "base") is { } cdfBase && Uri.TryCreate(result, cdfBase, out var combined))
                result = combined;
        }
        return result;
    }

    private static string? Attribute(XElement element, string name) =>
        element.Attributes().FirstOrDefault(a => a.Name.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value.Trim() is { Length: > 0 } value
            ? value
            : null;
}
