namespace Indexer.Feeds.Fetching;

/// <summary>What the fetcher needs to know about a feed: where it lives and what it saw last time.</summary>
public sealed record FetchRequest(Uri Url, string? ETag = null, string? LastModified = null, string? LastBodyHash = null);
