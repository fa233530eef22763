using Indexer.Articles;

namespace Indexer.Api;

/// <summary>An article as the API and the <c>parse</c> command show it.</summary>
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
    DateTimeOffset? Updated)
{
    public static ArticleView From(Article a) =>
        new(a.Id, a.FeedId, a.Guid, a.Title, a.Url, a.Published, a.Author, a.Summary, a.Body, a.Language, a.FirstSeen, a.Updated);

    public static ArticleView From(ArticleDraft d) =>
        new(d.Id, d.FeedId, d.Guid, d.Title, d.Url, d.Published, d.Author, d.Summary, d.Body, d.Language, null, null);
}
