using Indexer.Indexing;
using Indexer.Storage;

namespace Indexer.Api;

public sealed record LivenessView(string Status);

public sealed record HealthView(string Status, bool Store, bool Index);

public sealed record ReadinessView(string Status, bool Store, bool Index, long IndexLag, long MaxLag);

public static class HealthEndpoints
{
    /// <summary>Readiness fails while more store changes than this wait for the index.</summary>
    public const long MaxReadyLag = 5000;

    /// <summary>Probes and load balancers often send HEAD; both get the status code.</summary>
    private static readonly string[] ProbeMethods = [HttpMethods.Get, HttpMethods.Head];

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/health/live", ProbeMethods, () => Results.Ok(new LivenessView("live")))
            .WithName("Liveness")
            .WithSummary("The process is up and answering")
            .Produces<LivenessView>();

        app.MapMethods("/health", ProbeMethods, async (IArticleStore store, ArticleIndex index, CancellationToken cancellationToken) =>
            {
                var storeOk = await store.PingAsync(cancellationToken);
                var indexOk = index.IsOpen;
                var body = new HealthView(storeOk && indexOk ? "healthy" : "unhealthy", storeOk, indexOk);
                return Results.Json(body, statusCode: storeOk && indexOk ? 200 : 503);
            })
            .WithName("Health")
            .WithSummary("Store and index are usable")
            .WithDescription("200 when the store answers a query and the index is open; 503 otherwise, with the same body.")
            .Produces<HealthView>()
            .Produces<HealthView>(StatusCodes.Status503ServiceUnavailable);

        app.MapMethods("/health/ready", ProbeMethods, async (IArticleStore store, ArticleIndex index, IndexSynchronizer synchronizer, CancellationToken cancellationToken) =>
            {
                var storeOk = await store.PingAsync(cancellationToken);
                var indexOk = index.IsOpen;
                var lag = storeOk && indexOk ? await synchronizer.GetLagAsync(cancellationToken) : -1;
                var ready = storeOk && indexOk && lag <= MaxReadyLag;
                var body = new ReadinessView(ready ? "ready" : "not ready", storeOk, indexOk, lag, MaxReadyLag);
                return Results.Json(body, statusCode: ready ? 200 : 503);
            })
            .WithName("Readiness")
            .WithSummary("Ready to take search traffic")
            .WithDescription($"200 when store and index are usable and at most {MaxReadyLag} store changes wait for the index; 503 otherwise, with the same body.")
            .Produces<ReadinessView>()
            .Produces<ReadinessView>(StatusCodes.Status503ServiceUnavailable);
    }
}
