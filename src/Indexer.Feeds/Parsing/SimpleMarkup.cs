using System.Text;

namespace Indexer.Feeds.Parsing;

/// <summary>
/// The text of the markup most feed items carry (paragraphs, line breaks, divs, links, bold and the like, and the
/// common character references) read in one pass, with the line breaks the HTML parser's tree gives
/// (<see cref="HtmlToText"/>). Anything else (another element, a comment, an unusual reference, a stray
/// <c>&lt;</c>) is declined, and the caller parses the whole thing properly.
/// </summary>
/// <remarks>
/// Why the breaks match the HTML5 tree for these elements: inline elements never make a break wherever the tree
/// builder moves them, and text keeps its order; a <c>p</c> start or end tag always makes one (an end tag with no
/// open <c>p</c> makes an empty paragraph); a <c>div</c> end tag closes the innermost open <c>div</c> and is
/// ignored when none is open; <c>br</c> (even written <c>&lt;/br&gt;</c>) and <c>hr</c> break the line.
/// </remarks>
internal static class SimpleMarkup
{
    // Elements that never break a line and hold ordinary text (img and wbr hold none).
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Inline = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "a", "b", "i", "u", "s", "em", "strong", "span", "small", "sup", "sub", "font", "mark", "abbr", "cite", "q", "time", "img", "wbr",
    }.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Appends the text of <paramref name="html"/> to <paramref name="text"/>; false (text half-written) when it holds anything this does not read.</summary>
    public static bool TryAppendText(string html, StringBuilder text)
    {
        var openDivs = 0;
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                if (!TryReadTag(html, ref i, out var name, out var end)) return false;
                if (name.Equals("p", StringComparison.OrdinalIgnoreCase) || name.Equals("br", StringComparison.OrdinalIgnoreCase))
                {
                    text.Append('\n');
                }
                else if (name.Equals("div", StringComparison.OrdinalIgnoreCase))
                {
                    if (!end) { openDivs++; text.Append('\n'); }
                    else if (openDivs > 0) { openDivs--; text.Append('\n'); }
                }
                else if (name.Equals("hr", StringComparison.OrdinalIgnoreCase) && !end)
                {
                    text.Append('\n');
                }
                else if (!Inline.Contains(name))
                {
                    return false;
                }
            }
            else if (c == '&')
            {
                if (!TryReadReference(html, ref i, text)) return false;
            }
            else if (c == '\0')
            {
                return false;
            }
            else
            {
                // As in the parsed tree: source line breaks are whitespace; only structure breaks a line.
                text.Append(c is '\n' or '\r' ? ' ' : c);
                i++;
            }
        }
        return true;
    }

    /// <summary>A start or end tag at <paramref name="i"/>; its attributes are skipped. Moves past it.</summary>
    private static bool TryReadTag(string html, ref int i, out ReadOnlySpan<char> name, out bool end)
    {
        name = default;
        var p = i + 1;
        end = p < html.Length && html[p] == '/';
        if (end) p++;
        var start = p;
        if (p >= html.Length || !char.IsAsciiLetter(html[p])) return false; // a comment, a doctype, a bare '<'
        while (p < html.Length && char.IsAsciiLetterOrDigit(html[p])) p++;
        // The parser's name runs to whitespace, '/' or '>': "p-x" is another element than "p".
        if (p < html.Length && !IsSpace(html[p]) && html[p] is not ('/' or '>')) return false;
        name = html.AsSpan(start, p - start);
        while (true)
        {
            while (p < html.Length && (IsSpace(html[p]) || html[p] == '/')) p++;
            if (p >= html.Length) return false; // a tag cut off at the end is dropped by the parser
            if (html[p] == '>') break;
            if (end) return false; // attributes on an end tag: leave it to the parser
            var attribute = p;
            while (p < html.Length && !IsSpace(html[p]) && html[p] is not ('/' or '>' or '=')) p++;
            // The parser reads a leading '=' as part of a name, not as the start of a value.
            if (p == attribute) return false;
            while (p < html.Length && IsSpace(html[p])) p++;
            if (p < html.Length && html[p] == '=')
            {
                p++;
                while (p < html.Length && IsSpace(html[p])) p++;
                if (p < html.Length && html[p] is '"' or '\'')
                {
                    var close = html.IndexOf(html[p], p + 1);
                    if (close < 0) return false;
                    p = close + 1;
                }
                else
                {
                    while (p < html.Length && !IsSpace(html[p]) && html[p] != '>') p++;
                }
            }
        }
        i = p + 1;
        return true;
    }

    /// <summary>
    /// A character reference at <paramref name="i"/>: the five of XML, <c>&amp;nbsp;</c> and numeric ones for
    /// printable characters. A '&amp;' that cannot start a reference is itself.
    /// </summary>
    private static bool TryReadReference(string html, ref int i, StringBuilder text)
    {
        var p = i + 1;
        if (p >= html.Length || !(char.IsAsciiLetterOrDigit(html[p]) || html[p] == '#'))
        {
            text.Append('&');
            i = p;
            return true;
        }
        var semicolon = html.IndexOf(';', p, Math.Min(12, html.Length - p));
        if (semicolon < 0) return false;
        var body = html.AsSpan(p, semicolon - p);
        int value;
        if (body.Length > 1 && body[0] == '#')
        {
            var hex = body[1] is 'x' or 'X';
            var digits = body[(hex ? 2 : 1)..];
            if (!int.TryParse(digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out value))
                return false;
            // Controls, C1 (read as windows-1252 by the parser), surrogates and out-of-range values: the parser's rules.
            if (value < 0x20 || value is >= 0x7F and <= 0x9F || value is >= 0xD800 and <= 0xDFFF || value > 0x10FFFF) return false;
        }
        else
        {
            value = body switch
            {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u00A0',
                _ => -1,
            };
            if (value < 0) return false;
        }
        if (value <= 0xFFFF) text.Append((char)value);
        else text.Append(char.ConvertFromUtf32(value));
        i = semicolon + 1;
        return true;
    }

    // The HTML tokenizer's whitespace inside tags.
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';
}
