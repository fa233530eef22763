using System.Net;

namespace Indexer.Feeds.Fetching;

/// <summary>What a response says about when to come back: Retry-After and Cache-Control max-age.</summary>
internal static class ResponseHints
{
    /// <summary>A publisher cannot park a feed for longer than this with one header.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(24);

    /// <summary>Retry-After on 429 and 503, as seconds or an HTTP-date, clamped to [0, 24 h].</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
            return null;
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - now : (TimeSpan?)null) ?? TooManySeconds(response);
        if (wait is null)
            return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }

    // .NET reads the seconds as an int and drops a longer number; it still asks for more than the cap allows.
    private static TimeSpan? TooManySeconds(HttpResponseMessage response) =>
        Raw(response, "Retry-After")?.Trim() is { Length: > 0 } raw && raw.All(char.IsAsciiDigit) ? MaxRetryAfter : null;

    public static TimeSpan? MaxAge(HttpResponseMessage response) => response.Headers.CacheControl?.MaxAge;

    /// <summary>A header exactly as sent (validators must go back byte for byte), or null.</summary>
    public static string? Raw(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values)
        || response.Content.Headers.NonValidated.TryGetValues(name, out values)
            ? values.ToString()
            : null;
}
