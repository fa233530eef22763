using System.Text;
using System.Xml.Linq;
using static Indexer.Feeds.Parsing.FeedXmlNames;

namespace Indexer.Feeds.Parsing;

/// <summary>Maps one Atom 1.0 or 0.3 entry element to a <see cref="ParsedItem"/>.</summary>
internal static class AtomEntryReader
{
    // Atom 1.0 names first; issued/modified/created are Atom 0.3's.
    private static readonly string[] DateElements = ["published", "issued", "updated", "modified", "created"];

    public static ParsedItem Read(XElement entry, Uri feedUrl)
    {
        var ns = entry.Name.Namespace;
        var summary = TextConstruct(entry.Element(ns + "summary"));
        if (summary.Length == 0 && entry.Descendants(MediaRss + "description").FirstOrDefault() is { } media)
            summary = HtmlToText.FromPlainText(media.Value);
        var content = entry.Element(ns + "content");
        // Out-of-line content (src=...) is not here to read; the summary is all we have.
        var body = content?.Attribute("src") is null ? TextConstruct(content) : "";
        var publishedRaw = DateElements.Select(name => entry.ChildText(ns + name)).FirstOrDefault(value => value is not null);
        return new ParsedItem(
            Guid: entry.ChildText(ns + "id"),
            Link: AlternateLink(entry, feedUrl),
            Title: RssItemReader.NullIfEmpty(TextConstruct(entry.Element(ns + "title")).Replace('\n', ' ')),
            Published: FeedDateParser.Parse(publishedRaw),
            PublishedRaw: publishedRaw,
            Author: AuthorName(entry) ?? AuthorName(entry.Parent),
            Summary: RssItemReader.NullIfEmpty(summary),
            Body: body.Length > 0 ? body : summary,
            Language: LanguageTag.Read(entry.InheritedLanguage()));
    }

    private static string? AuthorName(XElement? scope) =>
        scope?.Element(scope.Name.Namespace + "author")?.ChildText(scope.Name.Namespace + "name") is { } name
            ? HtmlToText.ToInlineText(name)
            : null;

    private static string? AlternateLink(XElement entry, Uri feedUrl)
    {
        var links = entry.Elements(entry.Name.Namespace + "link")
            .Where(l => l.Attribute("rel")?.Value.Trim() is null or "" or "alternate")
            .OrderBy(l => l.Attribute("type")?.Value.Trim() is null or "text/html" ? 0 : 1)
            .ToList();
        var link = links.FirstOrDefault();
        return link is null ? null : LinkResolver.Resolve(link.Attribute("href")?.Value, LinkResolver.BaseFor(link, feedUrl));
    }

    /// <summary>Plain text of an Atom text construct, honouring its type (and Atom 0.3's mode).</summary>
    internal static string TextConstruct(XElement? element)
    {
        if (element is null)
            return "";
        var type = element.Attribute("type")?.Value.Trim().ToLowerInvariant();
        var mode = element.Attribute("mode")?.Value.Trim().ToLowerInvariant();
        var isHtml = type is "html" or "text/html" or "application/xhtml+xml";
        if (mode == "base64" || IsBase64Type(type))
            return FromBase64(element.Value, isHtml);
        // Child elements are inline XHTML whatever the type says: Atom 0.3's default mode is "xml".
        if (type is "xhtml" || mode == "xml" || element.HasElements)
            return HtmlToText.ToText(string.Concat(element.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting))));
        return isHtml ? HtmlToText.ToText(element.Value) : HtmlToText.FromPlainText(element.Value);
    }

    // Atom 1.0 §4.1.3.3: a MIME type that is neither text/* nor XML means the content is Base64.
    private static bool IsBase64Type(string? type) =>
        type is not (null or "" or "text" or "html" or "xhtml") && type.Contains('/')
        && !type.StartsWith("text/", StringComparison.Ordinal) && !type.EndsWith("xml", StringComparison.Ordinal);

    private static string FromBase64(string encoded, bool isHtml)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Trim()));
            return isHtml ? HtmlToText.ToText(text) : HtmlToText.FromPlainText(text);
        }
        catch (FormatException)
        {
            // Not Base64 after all (or binary, such as an image): nothing readable to index.
            return "";
        }
    }
}
