namespace Indexer.Feeds.Fetching;

public enum FetchStatus
{
    /// <summary>A new body arrived and should be parsed.</summary>
    Fetched,
    /// <summary>The server answered 304: nothing to parse.</summary>
    NotModified,
    /// <summary>The body is byte-identical to the last one (same hash): nothing to parse.</summary>
    Unchanged,
    /// <summary>The fetch failed; <see cref="FetchResult.Error"/> says why in words an operator understands.</summary>
    Failed,
}

public sealed record FetchResult
{
    public required FetchStatus Status { get; init; }
    /// <summary>The HTTP status of the final response, null for file feeds and for failures before a response.</summary>
    public int? HttpStatus { get; init; }
    public byte[]? Body { get; init; }
    /// <summary>The Content-Type header as sent, for charset detection.</summary>
    public string? ContentType { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    /// <summary>SHA-256 of the body, hex; kept by the caller to detect byte-identical bodies next time.</summary>
    public string? BodyHash { get; init; }
    /// <summary>The URL the body came from after redirects.</summary>
    public required Uri FinalUrl { get; init; }
    /// <summary>Set when a 301 or 308 moved the feed: fetch from here from now on.</summary>
    public Uri? PermanentRedirect { get; init; }
    /// <summary>From Retry-After on 429/503, capped.</summary>
    public TimeSpan? RetryAfter { get; init; }
    /// <summary>From Cache-Control max-age.</summary>
    public TimeSpan? MaxAge { get; init; }
    public string? Error { get; init; }
    /// <summary>The fetch was refused before any request left (a private address behind the guard): retrying cannot help.</summary>
    public bool Refused { get; init; }
    public long Bytes { get; init; }
    public TimeSpan Duration { get; init; }
}
