using Indexer.Indexing;
using Lucene.Net.Documents;

namespace Indexer.Search;

/// <summary>Builds the hit shape every result list of the API shares, from a hit record or a stored document.</summary>
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

    public static SearchHit Create(Document document, float? score, string highlightedTitle, string snippet) =>
        Create(HitRecords.Stored(document), score, highlightedTitle, snippet);
}
