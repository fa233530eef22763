using System.Text;

namespace Indexer.Api;

/// <summary>
/// Refuses a query string whose percent-encoded bytes are not UTF-8. The framework decodes what it can and
/// keeps the rest as literal text, so "%C3%28" reached the query parser as "%C3(" (reported as unbalanced
/// brackets) and "%FF%FE" was searched for as the text "%FF%FE".
/// </summary>
public sealed class QueryEncodingCheck(RequestDelegate next)
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public Task InvokeAsync(HttpContext context)
    {
        var query = context.Request.QueryString.Value;
        if (string.IsNullOrEmpty(query) || !query.Contains('%')) return next(context);
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var name = pair.Split('=', 2)[0];
            if (FirstInvalidRun(pair) is not { } bad) continue;
            var parameter = FirstInvalidRun(name) is null ? Uri.UnescapeDataString(name.Replace('+', ' ')) : "query";
            return Problems.BadRequest(
                $"{parameter}: the percent-encoded bytes {bad} are not UTF-8 text; encode the text as UTF-8 before percent-encoding it (curl --get --data-urlencode does)",
                parameter).ExecuteAsync(context);
        }
        return next(context);
    }

    /// <summary>The first run of %XX escapes that does not decode as UTF-8, as written; null when all do.</summary>
    public static string? FirstInvalidRun(string text)
    {
        var i = 0;
        while ((i = text.IndexOf('%', i)) >= 0)
        {
            var start = i;
            var bytes = new List<byte>();
            while (i + 2 < text.Length && text[i] == '%' && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 3;
            }
            if (bytes.Count == 0)
            {
                i++;
                continue;
            }
            try
            {
                Strict.GetString(bytes.ToArray());
            }
            catch (DecoderFallbackException)
            {
                return text[start..i];
            }
        }
        return null;
    }
}
