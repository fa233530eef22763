using Indexer.Indexing;

namespace Indexer.Search;

/// <summary>Builds the hit shape every result list of the API shares, from a hit record.</summary>
public static class SearchHitFactory
{
    public static SearchHit Create(HitRecord record, float? score, string highlightedTitle, string snippet) => new()
    {
        Id = record.Id,
        Title = record.Title,
        HighlightedTitle = highlightedTitle,
        Url = record.Url,
        ImageUrl = record.ImageUrl,
        FeedId = record.FeedId,
        Language = record.Language,
        Published = record.Published is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
        Score = score,
        Snippet = snippet,
    };
}
