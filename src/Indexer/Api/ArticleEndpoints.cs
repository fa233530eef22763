using System.ComponentModel;
using Indexer.Search;
using Indexer.Storage;
using static Indexer.Api.QueryParameters;

namespace Indexer.Api;

public static class ArticleEndpoints
{
    public const int DefaultSimilarSize = 5;

    public static void MapArticleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/articles/{id}", async ([Description("The article id, as search hits give it.")] string id, IArticleStore store, CancellationToken cancellationToken) =>
                await store.GetArticleAsync(Unescaped(id), cancellationToken) is { } article
                    ? Results.Ok(ArticleView.From(article))
                    : Problems.NotFound($"no article with id \"{Unescaped(id)}\""))
            .WithName("GetArticle")
            .WithSummary("One stored article in full")
            .Produces<ArticleView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/articles/{id}/similar", async ([Description("The article id, as search hits give it.")] string id, HttpRequest request,
                SimilarArticleFinder finder, IArticleStore store, CancellationToken cancellationToken) =>
            {
                try
                {
                    var size = ReadInt(request.Query, "size", DefaultSimilarSize, 1, SimilarArticleFinder.MaxSize, $"a whole number from 1 to {SimilarArticleFinder.MaxSize}");
                    id = Unescaped(id);
                    if (finder.Find(id, size) is { } similar)
                        return Results.Ok(similar);
                    // Stored a moment ago and not yet searchable: the article exists, its neighbours are not known yet.
                    return await store.GetArticleAsync(id, cancellationToken) is not null
                        ? Results.Ok(new SimilarResponse(id, []))
                        : Problems.NotFound($"no article with id \"{id}\"");
                }
                catch (SearchQueryException e)
                {
                    return Problems.BadRequest(e.Message, e.Parameter);
                }
            })
            .WithName("GetSimilarArticles")
            .WithSummary("Related stories")
            .WithDescription("Articles whose title and body share the most telling words with this one, best first; never the article itself. Snippets are the opening of the body, HTML-escaped.")
            .WithQueryParameters(new QueryParameterDoc("size", QueryParameterType.Integer, $"How many related articles, from 1 to {SimilarArticleFinder.MaxSize} (default {DefaultSimilarSize})."))
            .Produces<SimilarResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireSearchRateLimit();
    }

    /// <summary>
    /// The id as the client wrote it: the server decodes every escape in a path but %2F, which would have changed
    /// the route that matched, so "..%2Fetc" arrives as typed and was echoed that way in the 404.
    /// </summary>
    private static string Unescaped(string id) => id.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
