using System.Buffers;
using System.Xml.Linq;

namespace Indexer.Feeds.Parsing;

/// <summary>
/// The item elements CodeHollow.FeedReader (2.1.1) would return for an RSS document, worked out on our own loaded
/// document instead of serialising it for the library to parse again: that round trip was about a twentieth of an
/// ingest's CPU, spent only to choose a list of elements.
/// </summary>
/// <remarks>
/// For an "rss" root whose version is not 0.91 or 0.92 the library always takes the same path (its RSS 2.0 and
/// Media RSS readers): the root's "channel" child in the root's default namespace, that channel's "item" children
/// in its default namespace; with a channel nothing in those readers throws, without one they throw. Its elements
/// come from its own parse of our serialised text, which differs from our document only where the round trip
/// changes something: whitespace-only text is dropped (the library parses without preserving it), U+007F and
/// U+FEFF are removed, a carriage return in text comes back as a line feed, and undeclared namespaces get
/// made-up prefixes. The first is reproduced here on the chosen items; a document with any of the others, a
/// DOCTYPE or xml:space is not predicted, and the library is asked as before.
/// </remarks>
internal sealed class LibraryRssItems
{
    // What the round trip would alter in text, names or attribute values (a CR is also a line break in text).
    private static readonly SearchValues<char> Altered = SearchValues.Create("\u007F\uFEFF\r");

    private readonly List<XText> _dropped;

    private LibraryRssItems(IReadOnlyList<XElement>? items, List<XText> dropped)
    {
        Items = items;
        _dropped = dropped;
    }

    /// <summary>The library's items, in its order; null when the library fails on the document (no channel).</summary>
    public IReadOnlyList<XElement>? Items { get; }

    /// <summary>The prediction, or null when this document is not one whose items can be predicted exactly.</summary>
    public static LibraryRssItems? Predict(XDocument document)
    {
        var root = document.Root;
        if (root is null || document.DocumentType is not null || root.Name.Namespace != XNamespace.None
            || !root.Name.LocalName.Equals("rss", StringComparison.OrdinalIgnoreCase))
            return null;
        var version = root.Attribute("version")?.Value ?? "";
        if (version.Equals("0.91", StringComparison.OrdinalIgnoreCase) || version.Equals("0.92", StringComparison.OrdinalIgnoreCase))
            return null;
        if (!SurvivesRoundTrip(root))
            return null;
        // A root in no namespace has no default namespace in scope, and so has a channel found in it.
        var channel = root.Element("channel");
        if (channel is null)
            return new LibraryRssItems(null, []);
        var items = channel.Elements("item").ToList();
        var dropped = new List<XText>();
        foreach (var text in items.SelectMany(item => item.DescendantNodes()).OfType<XText>())
        {
            if (text is XCData || !IsXmlWhitespace(text.Value))
                continue;
            // Two neighbouring text nodes would be read back as one, whitespace or not.
            if (IsPlainText(text.PreviousNode) || IsPlainText(text.NextNode))
                return null;
            dropped.Add(text);
        }
        return new LibraryRssItems(items, dropped);
    }

    /// <summary>
    /// Makes the items read as the library's parse of them would: their whitespace-only text removed. Changes the
    /// document, so it is called only once these items are the ones to read.
    /// </summary>
    public IReadOnlyList<XElement> AsLibraryParsedThem()
    {
        foreach (var text in _dropped)
            text.Remove();
        _dropped.Clear();
        return Items ?? [];
    }

    private static bool SurvivesRoundTrip(XElement root)
    {
        foreach (var node in root.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case XText text:
                    if (text.Value.AsSpan().ContainsAny(Altered))
                        return false;
                    break;
                case XElement element:
                    if (element.Name.LocalName.AsSpan().ContainsAny(Altered) || !IsDeclared(element, element.Name.Namespace))
                        return false;
                    foreach (var attribute in element.Attributes())
                    {
                        if (attribute.Name == XNamespace.Xml + "space" || attribute.Value.AsSpan().ContainsAny(Altered)
                            || attribute.Name.LocalName.AsSpan().ContainsAny(Altered))
                            return false;
                        if (!attribute.IsNamespaceDeclaration && attribute.Name.Namespace != XNamespace.None
                            && attribute.Name.Namespace != XNamespace.Xml && element.GetPrefixOfNamespace(attribute.Name.Namespace) is null)
                            return false;
                    }
                    break;
                default:
                    // The loader keeps no comments or processing instructions; anything else is not predicted.
                    return false;
            }
        }
        return true;
    }

    // A document built by hand (a salvaged one) can hold names whose namespace nothing declares.
    private static bool IsDeclared(XElement element, XNamespace ns) =>
        ns == XNamespace.None || element.GetPrefixOfNamespace(ns) is not null || element.GetDefaultNamespace() == ns;

    private static bool IsPlainText(XNode? node) => node is XText and not XCData;

    // XML's whitespace, the only kind a parser that does not preserve it drops.
    private static bool IsXmlWhitespace(string value) => value.AsSpan().IndexOfAnyExcept(" \t\n\r") < 0;
}
