namespace Indexer.Configuration;

/// <summary>One feed as the operator configured it in feeds.json, already validated.</summary>
public sealed record FeedDefinition
{
    public required string Id { get; init; }
    public required Uri Url { get; init; }
    /// <summary>The url as the operator wrote it ("./feeds/x.xml" stays relative), for display.</summary>
    public string ConfiguredUrl { get => _configuredUrl ?? Url.OriginalString; init => _configuredUrl = value; }
    private readonly string? _configuredUrl;
    /// <summary>Fixed interval between fetches; null when <see cref="Cron"/> or <see cref="Auto"/> is set.</summary>
    public TimeSpan? Interval { get; init; }
    /// <summary>"interval": "auto": the next fetch follows how often the feed publishes.</summary>
    public bool Auto { get; init; }
    /// <summary>A Quartz cron expression; null when <see cref="Interval"/> is set.</summary>
    public string? Cron { get; init; }
    public bool Enabled { get; init; } = true;
    /// <summary>Language given to articles whose feed does not declare one.</summary>
    public string Language { get; init; } = "gu";
    /// <summary>Optional cap on stored articles for this feed, applied by retention.</summary>
    public int? MaxArticles { get; init; }
    /// <summary>A folder name from the operator's feed reader (kept by import-opml, given back by /feeds.opml).</summary>
    public string? Category { get; init; }

    /// <summary>When the linked page is fetched for the story (feeds.json "fullText").</summary>
    public FullTextMode FullText { get; init; } = FullTextMode.Auto;

    /// <summary>How the schedule reads in <c>/feeds</c>: the interval or the cron expression as configured.</summary>
    public string Schedule => Auto ? "auto" : Cron ?? Interval!.Value.ToString("c");
}

/// <summary>When to fetch the page an item links to and store its story as the body.</summary>
public enum FullTextMode
{
    /// <summary>When the feed's own text is short or cut off ("…", "read more"): most summary-only feeds.</summary>
    Auto,
    /// <summary>For every item with a link.</summary>
    Always,
    /// <summary>Never: the feed's text is the body.</summary>
    Never,
}
