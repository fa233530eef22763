using Microsoft.AspNetCore.Http.Features;
using System.Text;

namespace Indexer.Api;

/// <summary>
/// Refuses a URL whose percent-encoded bytes are not UTF-8, in the path or the query, and a query with a '%'
/// that starts no escape. The framework decodes what it can and keeps the rest as literal text, so "%C3%28"
/// reached the query parser as "%C3(" (reported as unbalanced brackets), "%FF%FE" and "%ZZ" were searched for
/// as text, and /articles/%C3%28 looked for an article of that id.
/// </summary>
public sealed class QueryEncodingCheck(RequestDelegate next)
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const string Advice = "encode the text as UTF-8 before percent-encoding it (curl --get --data-urlencode does)";

    public Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var path = target.Split('?', 2)[0];
        if (path.Contains('%') && FirstInvalidRun(path) is { } badPath)
            return Problems.BadRequest($"the path: the percent-encoded bytes {badPath} are not UTF-8 text; {Advice}", "path").ExecuteAsync(context);

        var query = context.Request.QueryString.Value;
        if (string.IsNullOrEmpty(query) || !query.Contains('%')) return next(context);
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var name = pair.Split('=', 2)[0];
            var parameter = FirstInvalidRun(name) is null && FirstMalformedEscape(name) is null ? Uri.UnescapeDataString(name.Replace('+', ' ')) : "query";
            if (FirstInvalidRun(pair) is { } bad)
                return Problems.BadRequest($"{parameter}: the percent-encoded bytes {bad} are not UTF-8 text; {Advice}", parameter).ExecuteAsync(context);
            if (FirstMalformedEscape(pair) is { } malformed)
                return Problems.BadRequest($"{parameter}: \"{malformed}\" is not a percent-encoding (% and two hex digits); write a literal % as %25", parameter).ExecuteAsync(context);
        }
        return next(context);
    }

    /// <summary>The first '%' with what follows it when it is not followed by two hex digits; null when every '%' is.</summary>
    public static string? FirstMalformedEscape(string text)
    {
        for (var i = text.IndexOf('%'); i >= 0; i = text.IndexOf('%', i + 1))
        {
            if (i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2])) continue;
            return text.Substring(i, Math.Min(3, text.Length - i));
        }
        return null;
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
