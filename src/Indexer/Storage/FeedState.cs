namespace Indexer.Storage;

/// <summary>What the service remembers about fetching one feed, kept across restarts.</summary>
public sealed record FeedState
{
    public required string FeedId { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public string? BodyHash { get; init; }
    /// <summary>Where a 301 or 308 moved the feed; fetched instead of the configured URL.</summary>
    public string? RedirectUrl { get; init; }
    /// <summary>The configured URL the redirect applies to; a changed config URL makes the redirect stale.</summary>
    public string? RedirectFrom { get; init; }
    public DateTimeOffset? LastFetchedAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    /// <summary>fetched, not-modified, unchanged or failed.</summary>
    public string? LastStatus { get; init; }
    public int? LastHttpStatus { get; init; }
    public string? LastError { get; init; }
    /// <summary>What was wrong with the last document that was read all the same (cut off, not well-formed...); null when it was clean.</summary>
    public string? LastWarning { get; init; }
    public int ConsecutiveFailures { get; init; }
    /// <summary>No fetch before this time: set by back-off after failures, and by the adaptive interval of "auto" feeds.</summary>
    public DateTimeOffset? NotBefore { get; init; }
    public int LastNewCount { get; init; }
    /// <summary>
    /// The configured URL the last fetch was made for: a feed whose url the operator has changed since is due at once,
    /// its schedule and back-off counted for the old address no longer apply. Null in rows from before it was kept.
    /// </summary>
    public string? FetchedFrom { get; init; }
    public int LastUpdatedCount { get; init; }
}
