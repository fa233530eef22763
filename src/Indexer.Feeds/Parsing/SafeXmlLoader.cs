using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Indexer.Feeds.Parsing;

/// <summary>Loads feed XML with DTDs ignored, so entity bombs and external entities never expand.</summary>
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

    /// <exception cref="FeedFormatException">The text is not well-formed XML; the message has the line and position.</exception>
    public static XDocument Load(string xml)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(RemoveInvalidCharacters(xml)), Settings);
            return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException e)
        {
            var message = TrailingPosition().Replace(e.Message, "");
            throw new FeedFormatException($"XML error at line {e.LineNumber}, position {e.LinePosition}: {message}", e);
        }
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
}
