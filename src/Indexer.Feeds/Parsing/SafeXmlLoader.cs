using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Indexer.Feeds.Parsing;

/// <summary>Loads feed XML with DTDs ignored, so entity bombs and external entities never expand.</summary>
/// <remarks>
/// A document that is not well-formed gets one second chance, after <see cref="XmlRepair"/> fixes the publisher
/// mistakes that leave the text readable (HTML entities, bare ampersands, undeclared prefixes, junk before the
/// XML declaration). The repairs never declare an entity, so anything a DTD would have to expand still fails.
/// What is still broken costs as little as it can: a cut-off document keeps what was complete before the cut, a
/// document broken inside one item keeps the items that can be read on their own (<see cref="XmlItemSalvage"/>).
/// </remarks>
internal static partial class SafeXmlLoader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        // Ignore rather than Prohibit: old RSS 0.91 feeds carry a harmless Netscape DOCTYPE. Entities it would
        // declare stay undeclared, so a billion-laughs document fails at its first reference.
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>A loaded document, with what had to be done to read it when it was not well-formed.</summary>
    public sealed record Loaded(XDocument Document, string? Warning);

    /// <exception cref="FeedFormatException">The text is not well-formed XML even after repair; the message has the line and position.</exception>
    public static Loaded Load(string xml)
    {
        xml = RemoveInvalidCharacters(xml);
        XmlException firstError;
        try
        {
            return new Loaded(Parse(xml), null);
        }
        catch (XmlException e)
        {
            firstError = e;
        }
        var (repaired, linesRemoved) = XmlRepair.Repair(xml);
        try
        {
            return new Loaded(Parse(repaired), $"not well-formed XML ({Describe(firstError, firstError.LineNumber, xml)}); read after repairing it");
        }
        catch (XmlException e)
        {
            // The repaired text's error is the one still standing; its lines are counted as the publisher's.
            var line = e.LineNumber == 0 ? firstError.LineNumber : e.LineNumber + linesRemoved;
            var truncated = IsTruncation(repaired, e);
            var where = Describe(e, line, repaired);
            if (Salvage(repaired, truncated) is { } salvaged)
            {
                var warning = truncated
                    ? $"the document is cut off ({where}); kept what was complete before the cut{(salvaged.DroppedItem ? ", without the item cut in half" : "")}"
                    : $"junk after the end of the document ({where}) was ignored";
                return new Loaded(salvaged.Document, warning);
            }
            if (!truncated && XmlItemSalvage.Read(repaired, Parse) is { } items)
                return new Loaded(items.Document, $"not well-formed XML ({where}); {DroppedItems(items)}");
            // Items that cannot be told apart in the text (the document is also cut off inside its last item):
            // those complete before the break are still the publisher's good items.
            if (!truncated && Salvage(repaired, truncated: true) is { } before && HasItems(before.Document))
                return new Loaded(before.Document, $"not well-formed XML ({where}); kept the items before it, without the item it is in");
            throw new FeedFormatException($"XML error {where}", e);
        }
    }

    private static string DroppedItems(XmlItemSalvage.Salvaged items)
    {
        var kept = items.ItemCount - items.DroppedItems.Count;
        return items.DroppedItems.Count == 1
            ? $"dropped item {items.DroppedItems[0]} of {items.ItemCount}, which cannot be read on its own, and kept the other {kept}"
            : $"dropped items {string.Join(", ", items.DroppedItems)} of {items.ItemCount}, which cannot be read on their own, and kept the other {kept}";
    }

    private static bool HasItems(XDocument document) =>
        document.Descendants().Any(e => e.Name.LocalName.ToLowerInvariant() is "item" or "entry");

    private static string Describe(XmlException error, int line, string xml) =>
        $"at line {line}, position {error.LinePosition}: {Reason(error, xml)}";

    /// <summary>
    /// The parser's words, except for an entity the document's own DTD declares: the DTD is ignored on purpose
    /// (entity bombs, external entities), so "undeclared" would send the operator looking for the wrong mistake.
    /// </summary>
    private static string Reason(XmlException error, string xml)
    {
        var message = TrailingPosition().Replace(error.Message, "");
        if (UndeclaredEntity().Match(message) is { Success: true } undeclared
            && xml.Contains("<!ENTITY", StringComparison.Ordinal)
            && Regex.IsMatch(xml, $@"<!ENTITY\s+(?:%\s+)?{Regex.Escape(undeclared.Groups[1].Value)}\s"))
        {
            return $"the document declares its own entities in a DTD, which are not expanded (entity '{undeclared.Groups[1].Value}')";
        }
        return message;
    }

    /// <summary>
    /// True when the error is in the text's last piece of markup or after it (an unclosed tag, CDATA section or
    /// element at the end): the document was cut off rather than malformed somewhere in the middle.
    /// </summary>
    private static bool IsTruncation(string xml, XmlException error)
    {
        if (error.LineNumber <= 0)
            return false;
        var offset = 0;
        for (var line = 1; line < error.LineNumber; line++)
        {
            offset = xml.IndexOf('\n', offset) + 1;
            if (offset == 0)
                return false;
        }
        offset = Math.Min(xml.Length, offset + Math.Max(0, error.LinePosition - 1));
        var rest = xml.AsSpan(offset);
        return rest.IsEmpty || rest[1..].IndexOf('<') < 0;
    }

    /// <summary>
    /// Builds what a cut-off document holds, as a misbehaving server's truncated response: every element closed
    /// before the cut is kept, the item or entry the cut fell in is dropped (its text may be incomplete).
    /// Junk after a complete root element (a PHP warning, a second document) is dropped the same way.
    /// Null when the error is neither: a document broken in its middle is read item by item instead.
    /// </summary>
    private static (XDocument Document, bool DroppedItem)? Salvage(string xml, bool truncated)
    {
        XElement? root = null;
        var open = new Stack<XElement>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings);
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        var element = new XElement(XName.Get(reader.LocalName, reader.NamespaceURI));
                        while (reader.MoveToNextAttribute())
                        {
                            if (reader.NamespaceURI != XNamespace.Xmlns.NamespaceName)
                                element.SetAttributeValue(XName.Get(reader.LocalName, reader.NamespaceURI), reader.Value);
                        }
                        reader.MoveToElement();
                        if (open.TryPeek(out var parent))
                            parent.Add(element);
                        else
                            root ??= element;
                        if (!reader.IsEmptyElement)
                            open.Push(element);
                        break;
                    case XmlNodeType.EndElement:
                        open.TryPop(out _);
                        break;
                    // Whitespace around the root has no element to go in.
                    case XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when open.Count > 0:
                        open.Peek().Add(new XText(reader.Value));
                        break;
                    case XmlNodeType.CDATA when open.Count > 0:
                        open.Peek().Add(new XCData(reader.Value));
                        break;
                }
            }
            return null;
        }
        catch (XmlException)
        {
            if (root is null || (open.Count > 0 && !truncated))
                return null;
            var cutItem = open.LastOrDefault(e => e.Parent is not null && e.Name.LocalName.ToLowerInvariant() is "item" or "entry");
            cutItem?.Remove();
            return (new XDocument(root), cutItem is not null);
        }
    }

    private static XDocument Parse(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), Settings);
        return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
    }

    // Control characters are common in real feeds and fatal to XmlReader; dropping them loses nothing readable.
    private static string RemoveInvalidCharacters(string xml)
    {
        StringBuilder? cleaned = null;
        for (var i = 0; i < xml.Length; i++)
        {
            var c = xml[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < xml.Length && char.IsLowSurrogate(xml[i + 1]);
            if (pair || XmlConvert.IsXmlChar(c))
            {
                cleaned?.Append(c);
                if (pair)
                {
                    i++;
                    cleaned?.Append(xml[i]);
                }
                continue;
            }
            cleaned ??= new StringBuilder(xml.Length).Append(xml, 0, i);
        }
        return cleaned?.ToString() ?? xml;
    }

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\s*$")]
    private static partial Regex TrailingPosition();

    [GeneratedRegex(@"^Reference to undeclared entity '([^']+)'")]
    private static partial Regex UndeclaredEntity();
}
