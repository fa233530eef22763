using Indexer.Articles;

namespace Indexer.Api;

/// <summary>An article as the API and the <c>parse</c> command show it.</summary>
/// <param name="Summary">The feed's own text for the item.</param>
/// <param name="Body">The story: from the linked page when <paramref name="BodySource"/> is page, else the feed's text.</param>
/// <param name="ExtractedAt">When the page was last fetched for the story, successfully or not.</param>
/// <param name="ExtractionError">Why the page gave no story (last try); the body is then the feed's text.</param>
public sealed record ArticleView(
    string Id,
    string FeedId,
    string? Guid,
    string Title,
    string? Url,
    DateTimeOffset? Published,
    string? Author,
    string? Summary,
    string Body,
    string Language,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? Updated,
    BodySource BodySource,
    string? ImageUrl,
    string? CanonicalUrl,
    DateTimeOffset? ExtractedAt,
    string? ExtractionError)
{
    public static ArticleView From(Article a) =>
        new(a.Id, a.FeedId, a.Guid, a.Title, a.Url, a.Published, a.Author, a.Summary, a.Body, a.Language, a.FirstSeen, a.Updated,
            a.BodySource, a.ImageUrl, a.CanonicalUrl, a.ExtractedAt, a.ExtractionError);

    public static ArticleView From(ArticleDraft d) =>
        new(d.Id, d.FeedId, d.Guid, d.Title, d.Url, d.Published, d.Author, d.Summary, d.Body, d.Language, null, null,
            BodySource.Feed, null, null, null, null);
}
