using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Indexer.Feeds.Parsing;

/// <summary>
/// Reads a feed broken in its middle item by item: one stray unclosed tag (or an entity only the feed's own DTD
/// declares) in one item would otherwise cost every item of the feed. Each item's text is parsed on its own inside
/// the document's head and tail (which carry the root's namespaces); the items that parse are kept, the others
/// dropped. Text-level and parse-only, so the loader's safety (no DTD, no entity, no resolver) holds for every try.
/// </summary>
internal static partial class XmlItemSalvage
{
    public sealed record Salvaged(XDocument Document, IReadOnlyList<int> DroppedItems, int ItemCount);

    /// <summary>
    /// The document without the items that cannot be read on their own (numbered from 1 in
    /// <see cref="Salvaged.DroppedItems"/>), or null when it cannot be split into items, its head or tail is
    /// broken too, or not one item is readable.
    /// </summary>
    public static Salvaged? Read(string xml, Func<string, XDocument> parse)
    {
        var starts = ItemStart().Matches(xml).Select(m => m.Index).ToList();
        if (starts.Count == 0)
            return null;
        // Each item runs to the next one's start; the last to its own end tag, after which the tail begins.
        var lastEnd = ItemEnd().Match(xml, starts[^1]);
        if (!lastEnd.Success)
            return null;
        var head = xml[..starts[0]];
        var tail = xml[(lastEnd.Index + lastEnd.Length)..];
        // Every try parses the head and tail again: a hostile document with a huge head and thousands of items
        // would make that quadratic, so such a document keeps only what the cut-off salvage keeps.
        if ((long)(head.Length + tail.Length) * starts.Count > Math.Max(4L * xml.Length, 4_000_000))
            return null;
        var items = starts.Select((start, i) => i + 1 < starts.Count ? xml[start..starts[i + 1]] : xml[start..lastEnd.Index] + lastEnd.Value).ToList();

        var kept = new List<string>();
        var dropped = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (Parses(head + items[i] + tail, parse))
                kept.Add(items[i]);
            else
                dropped.Add(i + 1);
        }
        if (kept.Count == 0)
            return null;
        try
        {
            return new Salvaged(parse(head + string.Concat(kept) + tail), dropped, items.Count);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static bool Parses(string xml, Func<string, XDocument> parse)
    {
        try
        {
            parse(xml);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    // RSS <item>, Atom <entry>, with or without a prefix; not RSS 1.0's <items> list.
    [GeneratedRegex(@"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)(?=[\s/>])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ItemStart();

    [GeneratedRegex(@"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ItemEnd();
}
