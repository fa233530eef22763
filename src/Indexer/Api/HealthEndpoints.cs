using Indexer.Indexing;
using System.Text.Json.Serialization;
using Indexer.Storage;

namespace Indexer.Api;

public sealed record LivenessView(string Status);

public sealed record HealthView(string Status, bool Store, bool Index);

/// <param name="IndexLag">Store changes that searches cannot see yet (store sequence minus what the open searcher holds); null while the store or the index cannot tell.</param>
/// <param name="Reason">Why the instance is not ready; absent when it is.</param>
/// <param name="Rebuilding">While the index is being rebuilt: articles indexed so far of those to index; absent otherwise.</param>
public sealed record ReadinessView(
    string Status, bool Store, bool Index, long? IndexLag, long MaxLag,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RebuildProgress? Rebuilding,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null);

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
                // Unknown without both: a made-up number (it was -1) reads as a lag.
                long? lag = storeOk && indexOk ? await synchronizer.GetLagAsync(cancellationToken) : null;
                var rebuilding = index.Rebuild;
                var reason = !storeOk ? "the store does not answer"
                    : !indexOk ? "the index is not open"
                    : rebuilding is not null ? "the index is being rebuilt"
                    : lag > MaxReadyLag ? $"{lag} store changes are not yet searchable (at most {MaxReadyLag} may wait)"
                    : null;
                var body = new ReadinessView(reason is null ? "ready" : "not ready", storeOk, indexOk, lag, MaxReadyLag, rebuilding, reason);
                return Results.Json(body, statusCode: reason is null ? 200 : 503);
            })
            .WithName("Readiness")
            .WithSummary("Ready to take search traffic")
            .WithDescription($"200 when store and index are usable, no rebuild is running and searches see all but at most {MaxReadyLag} store changes (indexLag); 503 otherwise, with the same body and a reason (indexLag is null while the store or the index cannot tell it). During a rebuild, rebuilding says how far it got.")
            .Produces<ReadinessView>()
            .Produces<ReadinessView>(StatusCodes.Status503ServiceUnavailable);
    }
}
