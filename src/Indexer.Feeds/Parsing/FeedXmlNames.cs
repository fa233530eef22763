using System.Xml.Linq;

namespace Indexer.Feeds.Parsing;

/// <summary>Namespaces of the XML vocabularies feeds mix in.</summary>
internal static class FeedXmlNames
{
    public static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    public static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";
    public static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static readonly XNamespace Atom03 = "http://purl.org/atom/ns#";
    public static readonly XNamespace Rss090 = "http://my.netscape.com/rdf/simple/0.9/";

    /// <summary>Trimmed text of the first child with this name, or null when absent or blank.</summary>
    public static string? ChildText(this XElement element, XName name)
    {
        var value = element.Element(name)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The xml:lang in force at this element (its own or an ancestor's).</summary>
    public static string? InheritedLanguage(this XElement element) =>
        element.AncestorsAndSelf()
            .Select(e => e.Attribute(XNamespace.Xml + "lang")?.Value.Trim())
            .FirstOrDefault(lang => !string.IsNullOrEmpty(lang));
}
