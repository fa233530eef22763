using Indexer.Storage;

namespace Indexer.Api;

public static class ArticleEndpoints
{
    public static void MapArticleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/articles/{id}", async (string id, IArticleStore store, CancellationToken cancellationToken) =>
            await store.GetArticleAsync(id, cancellationToken) is { } article
                ? Results.Ok(ArticleView.From(article))
                : Problems.NotFound($"no article with id \"{id}\""));
    }
}
