using Indexer.Indexing;
using Indexer.Storage;

namespace Indexer.Api;

public static class HealthEndpoints
{
    /// <summary>Readiness fails while more store changes than this wait for the index.</summary>
    public const long MaxReadyLag = 5000;

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));

        app.MapGet("/health", async (IArticleStore store, ArticleIndex index, CancellationToken cancellationToken) =>
        {
            var storeOk = await store.PingAsync(cancellationToken);
            var indexOk = index.IsOpen;
            var body = new { status = storeOk && indexOk ? "healthy" : "unhealthy", store = storeOk, index = indexOk };
            return Results.Json(body, statusCode: storeOk && indexOk ? 200 : 503);
        });

        app.MapGet("/health/ready", async (IArticleStore store, ArticleIndex index, IndexSynchronizer synchronizer, CancellationToken cancellationToken) =>
        {
            var storeOk = await store.PingAsync(cancellationToken);
            var indexOk = index.IsOpen;
            var lag = storeOk && indexOk ? await synchronizer.GetLagAsync(cancellationToken) : -1;
            var ready = storeOk && indexOk && lag <= MaxReadyLag;
            var body = new { status = ready ? "ready" : "not ready", store = storeOk, index = indexOk, indexLag = lag, maxLag = MaxReadyLag };
            return Results.Json(body, statusCode: ready ? 200 : 503);
        });
    }
}
