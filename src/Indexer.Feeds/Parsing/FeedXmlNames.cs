using System.Xml.Linq;

namespace Indexer.Feeds.Parsing;

/// <summary>Namespaces of the XML vocabularies feeds mix in.</summary>
internal static class FeedXmlNames
{
    public static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    public static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";
    public static readonly XNamespace DcTerms = "http://purl.org/dc/terms/";
    public static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static readonly XNamespace Atom03 = "http://purl.org/atom/ns#";
    public static readonly XNamespace Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public static readonly XNamespace Rss10 = "http://purl.org/rss/1.0/";
    public static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    public static readonly XNamespace ITunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    public static readonly XNamespace MediaRss = "http://search.yahoo.com/mrss/";

    /// <summary>Trimmed text of the first child with this name, or null when absent or blank.</summary>
    public static string? ChildText(this XElement element, XName name)
    {
        var value = element.Element(name)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>
    /// The first child of the feed's own vocabulary with this local name, compared ignoring case (RSS readers
    /// have always accepted &lt;Title&gt; and &lt;pubdate&gt;). The vocabulary is the parent's namespace, none,
    /// or RSS 1.0/0.90's, so media:title or itunes:summary never passes for the item's own element.
    /// </summary>
    public static XElement? OwnChild(this XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName.Equals(localName, StringComparison.OrdinalIgnoreCase) && IsOwnVocabulary(e, parent));

    /// <summary>Trimmed text of <see cref="OwnChild"/>, or null when absent or blank.</summary>
    public static string? OwnChildText(this XElement parent, string localName) =>
        parent.OwnChild(localName)?.Value.Trim() is { Length: > 0 } value ? value : null;

    /// <summary>Trimmed text of the first child, in any of these names, that has text.</summary>
    public static string? FirstChildText(this XElement element, params XName[] names) =>
        names.Select(element.ChildText).FirstOrDefault(value => value is not null);

    private static bool IsOwnVocabulary(XElement child, XElement parent) =>
        child.Name.Namespace == parent.Name.Namespace || child.Name.Namespace == XNamespace.None
        || child.Name.Namespace == Rss10 || child.Name.Namespace == Rss090;

    /// <summary>The xml:lang in force at this element (its own or an ancestor's).</summary>
    public static string? InheritedLanguage(this XElement element) =>
        element.AncestorsAndSelf()
            .Select(e => e.Attribute(XNamespace.Xml + "lang")?.Value.Trim())
            .FirstOrDefault(lang => !string.IsNullOrEmpty(lang));
}
