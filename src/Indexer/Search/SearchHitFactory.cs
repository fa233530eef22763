using Indexer.Indexing;
using Lucene.Net.Documents;

namespace Indexer.Search;

/// <summary>Reads one hit's stored fields into the shape every result list of the API shares.</summary>
public static class SearchHitFactory
{
    public static SearchHit Create(Document document, float? score, string highlightedTitle, string snippet)
    {
        var published = document.GetField(ArticleFields.Published)?.GetInt64Value();
        return new SearchHit
        {
            Id = document.Get(ArticleFields.Id),
            Title = document.Get(ArticleFields.Title) ?? "",
            HighlightedTitle = highlightedTitle,
            Url = document.Get(ArticleFields.Url),
            ImageUrl = document.Get(ArticleFields.ImageUrl),
            FeedId = document.Get(ArticleFields.FeedId),
            Language = document.Get(ArticleFields.Language),
            Published = published is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            Score = score,
            Snippet = snippet,
        };
    }
}
