using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Indexer.Feeds.Parsing;

/// <summary>Turns feed HTML into the plain text the index stores: no markup, no scripts, paragraphs as line breaks.</summary>
public static class HtmlToText
{
    // Elements whose text is never reader-visible content.
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "embed",
    };

    internal static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
        "table", "section", "article", "header", "footer", "aside", "nav", "figure", "figcaption", "pre", "hr",
        "address", "main", "details", "summary",
    };

    // U+0080-U+009F are invisible C1 controls, yet feeds get them from "&#146;" written for windows-1252's curly
    // quote. Browsers read them as windows-1252 (HTML §13.2.5.80); so do we. '\0' marks its five unassigned bytes.
    private const string Windows1252C1 =
        "\u20AC\0\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\0\u017D\0" +
        "\0\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\0\u017E\u0178";

    private static readonly HtmlParserOptions ParserOptions = new() { IsScripting = false };

    /// <summary>Plain text with one line break between blocks; empty for null or markup-only input.</summary>
    public static string ToText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
            return "";
        if (!LooksLikeMarkup(html))
            return NormalizeLines(html.Replace('\n', ' ').Replace('\r', ' '));

        // Most feed items are paragraphs and inline markup; building a DOM for those was a tenth of an ingest's CPU.
        var text = new System.Text.StringBuilder(html.Length);
        if (SimpleMarkup.TryAppendText(html, text))
            return NormalizeLines(text.ToString());
        text.Clear();
        AppendWithParser(html, text);
        return NormalizeLines(text.ToString());
    }

    /// <summary>What the full HTML parser makes of <paramref name="html"/>, before lines are tidied; the reference <see cref="SimpleMarkup"/> must equal.</summary>
    internal static string ParsedText(string html)
    {
        var text = new System.Text.StringBuilder(html.Length);
        AppendWithParser(html, text);
        return NormalizeLines(text.ToString());
    }

    private static void AppendWithParser(string html, System.Text.StringBuilder text)
    {
        // A fresh parser per call: AngleSharp does not document HtmlParser as thread-safe and parsing is cheap.
        var document = new HtmlParser(ParserOptions).ParseDocument(html);
        if (document.Body is { } body)
            AppendNode(body, text);
    }

    /// <summary>Single-line plain text, for titles and names: every break becomes a space.</summary>
    public static string ToInlineText(string? html) => ToText(html).Replace('\n', ' ');

    /// <summary>Plain text that must not be read as HTML (Atom type="text", JSON content_text): only whitespace is tidied.</summary>
    public static string FromPlainText(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "" : NormalizeLines(text.Replace("\r\n", "\n").Replace('\r', '\n'));

    private static bool LooksLikeMarkup(string value) => value.Contains('<') || value.Contains('&');

    private static void AppendNode(INode node, System.Text.StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    // Source newlines inside text are ordinary whitespace in HTML; only structure makes a line break.
                    foreach (var c in t.Data)
                        text.Append(c is '\n' or '\r' ? ' ' : c);
                    break;
                case IElement e when Dropped.Contains(e.LocalName):
                    break;
                case IElement e when e.LocalName.Equals("br", StringComparison.OrdinalIgnoreCase):
                    text.Append('\n');
                    break;
                case IElement e when Blocks.Contains(e.LocalName):
                    text.Append('\n');
                    AppendNode(e, text);
                    text.Append('\n');
                    break;
                case IElement e:
                    AppendNode(e, text);
                    break;
            }
        }
    }

    /// <summary>Collapses runs of whitespace inside lines and drops blank lines, so paragraphs are one break apart.</summary>
    internal static string NormalizeLines(string text)
    {
        var lines = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var collapsed = CollapseSpaces(line);
            if (collapsed.Length > 0)
                lines.Add(collapsed);
        }
        return string.Join('\n', lines);
    }

    private static string CollapseSpaces(string line)
    {
        var result = new System.Text.StringBuilder(line.Length);
        var pendingSpace = false;
        foreach (var raw in line)
        {
            var c = raw is >= '\u0080' and <= '\u009F' ? Windows1252C1[raw - 0x80] : raw;
            if (c == '\0')
                continue;
            // char.IsWhiteSpace is false for ZWJ/ZWNJ, which Gujarati conjuncts need, so they survive.
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }
            if (pendingSpace)
                result.Append(' ');
            pendingSpace = false;
            result.Append(c);
        }
        return result.ToString();
    }
}
