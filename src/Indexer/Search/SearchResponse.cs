using System.Text.Json.Serialization;
using Indexer.Indexing;

namespace Indexer.Search;

public sealed record SearchResponse
{
    public required string Query { get; init; }
    public required long Total { get; init; }
    public required int Page { get; init; }
    public required int Size { get; init; }
    public required long TookMs { get; init; }
    /// <summary>True when the time limit cut the search short: hits and total cover what was found by then.</summary>
    public bool Partial { get; init; }
    /// <summary>AND when every word had to match; OR when nothing matched them all and any word was enough.</summary>
    public required string Operator { get; init; }
    /// <summary>True when words typed in Latin letters were read as Gujarati words (see <see cref="ReadAs"/>).</summary>
    public bool Transliterated { get; init; }
    /// <summary>Per word typed in Latin letters (lowercased), the Gujarati words it matched most, closest first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ReadAs { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public required string Sort { get; init; }
    public required IReadOnlyList<SearchHit> Hits { get; init; }
    public required SearchFacets Facets { get; init; }
    /// <summary>
    /// Present while the index is being rebuilt: the answer covers only the articles indexed so far (the newest
    /// come first), this many of that many.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RebuildProgress? Rebuilding { get; init; }
}

public sealed record SearchHit
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    /// <summary>The title HTML-escaped, with matched words in &lt;mark&gt;.</summary>
    public required string HighlightedTitle { get; init; }
    public string? Url { get; init; }
    /// <summary>The story's picture, from its page (when it was fetched and had one).</summary>
    public string? ImageUrl { get; init; }
    public required string FeedId { get; init; }
    public DateTimeOffset? Published { get; init; }
    public string? Language { get; init; }
    public float? Score { get; init; }
    /// <summary>The best passage of the body, HTML-escaped, with matched words in &lt;mark&gt;.</summary>
    public required string Snippet { get; init; }
}

public sealed record SearchFacets(IReadOnlyDictionary<string, long> FeedId);
