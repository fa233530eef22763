using System.Text;

namespace Indexer.Search;

/// <summary>Rewrites user query text before the classic parser sees it.</summary>
public static class QueryText
{
    /// <summary>Both rewrites below, in the order the parser needs them.</summary>
    public static string Prepare(string text, IEnumerable<string> fields) =>
        EscapeNonFieldColons(PunctuationAsText(text), fields);

    /// <summary>
    /// Turns punctuation that people type as prose into spaces: a '?' or '!' ending a word ("રશિયા?" is a
    /// question, not a one-letter wildcard; "રશિયા!" is not a NOT), and a '/' between two words ("રશિયા/ભારત").
    /// A '?' inside a word stays a wildcard; quoted phrases and escaped characters are left alone.
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
            if (inQuotes || i == 0 || !IsWordChar(text[i - 1])) continue;
            var next = i + 1 < text.Length ? text[i + 1] : ' ';
            var prose = c switch
            {
                '?' => !IsWordChar(next) && next != '*' && next != '?',
                '!' => true,
                '/' => IsWordChar(next),
                _ => false,
            };
            if (prose) result[i] = ' ';
        }
        return result.ToString();
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
