using System.Xml.Linq;

namespace Indexer.Feeds.Parsing;

/// <summary>Makes feed links absolute: against xml:base where the XML sets one, else against the feed's own URL.</summary>
internal static class LinkResolver
{
    /// <summary>The base URI in force at <paramref name="element"/>: xml:base values nest, outermost first.</summary>
    public static Uri BaseFor(XElement? element, Uri feedUrl)
    {
        var result = feedUrl;
        if (element is null)
            return result;
        foreach (var scope in element.AncestorsAndSelf().Reverse())
        {
            var xmlBase = scope.Attribute(XNamespace.Xml + "base")?.Value.Trim();
            if (!string.IsNullOrEmpty(xmlBase) && Uri.TryCreate(result, xmlBase, out var combined))
                result = combined;
        }
        return result;
    }

    /// <summary>An absolute http(s) URL, or null: other schemes (javascript:, data:, file:) are never handed on.</summary>
    public static string? Resolve(string? href, Uri baseUri)
    {
        if (string.IsNullOrWhiteSpace(href))
            return null;
        return Uri.TryCreate(baseUri, href.Trim(), out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.AbsoluteUri
            : null;
    }
}
