namespace Indexer.Search;

public enum SearchSort { Relevance, Newest }

/// <summary>A validated search: every value here is in range.</summary>
public sealed record SearchRequest
{
    /// <summary>Lucene classic syntax; empty means browse the newest articles matching the filters.</summary>
    public string Query { get; init; } = "";
    public int Page { get; init; } = 1;
    public int Size { get; init; } = 10;
    public IReadOnlyList<string> Feeds { get; init; } = [];
    /// <summary>Inclusive lower bound on published.</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Inclusive upper bound on published.</summary>
    public DateTimeOffset? To { get; init; }
    public string? Language { get; init; }
    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    public bool HasFilters => Feeds.Count > 0 || From is not null || To is not null || Language is not null;
}
