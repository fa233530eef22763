using System.Text;

namespace Indexer.Search;

/// <summary>Rewrites user query text before the classic parser sees it.</summary>
public static class QueryText
{
    /// <summary>The rewrites below, in the order the parser needs them.</summary>
    /// <param name="strayQuoteAsText">Read an unpaired quotation mark as punctuation (<see cref="StrayQuoteAsText"/>).</param>
    public static string Prepare(string text, IEnumerable<string> fields, bool strayQuoteAsText = false) =>
        EscapeNonFieldColons(PunctuationAsText(strayQuoteAsText ? StrayQuoteAsText(text) : text), fields);

    /// <summary>
    /// Turns an unpaired '"' (the last one, when their number is odd) into a space: a headline pasted with one
    /// quotation mark (a quote that runs on past the title, 6" for inches) is words to look for, not a phrase left
    /// open. After a field name (title:"...) the quote is syntax, and the parser's "not closed" says more.
    /// </summary>
    public static string StrayQuoteAsText(string text)
    {
        var last = -1;
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '"') (last, count) = (i, count + 1);
        }
        if (count % 2 == 0 || (last > 0 && text[last - 1] == ':')) return text;
        return string.Concat(text.AsSpan(0, last), " ", text.AsSpan(last + 1));
    }

    /// <summary>
    /// Turns punctuation that people type as prose into spaces: a '?' or '!' ending a word ("રશિયા?" is a
    /// question, not a one-letter wildcard; "રશિયા!" is not a NOT), and a '/' anywhere but around a regular
    /// expression ("રશિયા/ભારત", "રશિયા/", pasted "&lt;b&gt;રશિયા&lt;/b&gt;"). A '?' inside a word stays a wildcard, and
    /// /…/ standing as a word of its own stays a regular expression, to be refused with its own message; quoted
    /// phrases and escaped characters are left alone.
    /// </summary>
    public static string PunctuationAsText(string text)
    {
        if (text.AsSpan().IndexOfAny("?!/") < 0) return text;
        var result = new StringBuilder(text);
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\') { i++; continue; }
            if (c == '"') inQuotes = !inQuotes;
            if (inQuotes) continue;
            if (c == '/')
            {
                if (RegexEnd(text, i) is { } end) i = end;
                else result[i] = ' ';
                continue;
            }
            if (i == 0 || !IsWordChar(text[i - 1])) continue;
            var next = i + 1 < text.Length ? text[i + 1] : ' ';
            var prose = c switch
            {
                '?' => !IsWordChar(next) && next != '*' && next != '?',
                '!' => true,
                _ => false,
            };
            if (prose) result[i] = ' ';
        }
        return result.ToString();
    }

    /// <summary>
    /// Where the regular expression opened by the '/' at <paramref name="open"/> closes: one that starts a word
    /// and is closed by a '/' that ends one (/રશ.*/); null when that '/' opens none.
    /// </summary>
    private static int? RegexEnd(string text, int open)
    {
        if (open > 0 && !(char.IsWhiteSpace(text[open - 1]) || text[open - 1] is '(' or '+' or '-')) return null;
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] != '/') continue;
            var after = i + 1 < text.Length ? text[i + 1] : ' ';
            return i > open + 1 && (char.IsWhiteSpace(after) || after == ')') ? i : null;
        }
        return null;
    }

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    /// <summary>
    /// Escapes every ':' that does not follow one of <paramref name="fields"/>. People type ':' for visarga
    /// (દુ:ખ) and in ordinary text ("નોંધ: ..."); the parser would otherwise read those as unknown fields.
    /// </summary>
    public static string EscapeNonFieldColons(string text, IEnumerable<string> fields)
    {
        if (!text.Contains(':')) return text;
        var fieldSet = fields as IReadOnlySet<string> ?? new HashSet<string>(fields, StringComparer.Ordinal);
        var result = new StringBuilder(text.Length + 8);
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                result.Append(c).Append(text[++i]);
                continue;
            }
            if (c == '"') inQuotes = !inQuotes;
            if (c == ':' && !inQuotes && !IsFieldSeparator(text, i, fieldSet))
            {
                // After a Gujarati letter it stands for visarga and the analyzer treats it so; elsewhere it
                // separates words ("author:કિમ" is two words, not a field).
                if (i > 0 && IsGujarati(text[i - 1])) result.Append("\\:");
                else result.Append(' ');
                continue;
            }
            result.Append(c);
        }
        return result.ToString();
    }

    private static bool IsFieldSeparator(string text, int colon, IReadOnlySet<string> fields)
    {
        var start = colon;
        while (start > 0 && IsFieldNameChar(text[start - 1])) start--;
        if (start == colon) return false;
        if (start > 0 && !(char.IsWhiteSpace(text[start - 1]) || text[start - 1] is '(' or '+' or '-' or '!')) return false;
        // At the very end a field name is one still (title:): the parser then says that a word was expected after
        // it, where as text it would quietly search for the English word "title".
        if (colon + 1 < text.Length && char.IsWhiteSpace(text[colon + 1])) return false;
        return fields.Contains(text[start..colon]);
    }

    private static bool IsGujarati(char c) => c is >= '\u0A80' and <= '\u0AFF';

    private static bool IsFieldNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
