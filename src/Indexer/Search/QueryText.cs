using System.Text;

namespace Indexer.Search;

/// <summary>Rewrites user query text before the classic parser sees it.</summary>
public static class QueryText
{
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
        if (colon + 1 >= text.Length || char.IsWhiteSpace(text[colon + 1])) return false;
        return fields.Contains(text[start..colon]);
    }

    private static bool IsGujarati(char c) => c is >= '\u0A80' and <= '\u0AFF';

    private static bool IsFieldNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
