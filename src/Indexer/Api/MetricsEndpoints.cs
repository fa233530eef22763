using Indexer.Metrics;
using Prometheus;

namespace Indexer.Api;

public static class MetricsEndpoints
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        // Resolving the gauges hooks them to the registry's scrape; nothing else asks for them.
        app.ServiceProvider.GetRequiredService<ServiceStateGauges>();
        // A handler of our own rather than prometheus-net's MapMetrics: that one maps a bare RequestDelegate, which
        // the OpenAPI document cannot see.
        app.MapGet("/metrics", async (HttpContext context, CollectorRegistry registry, CancellationToken cancellationToken) =>
            {
                context.Response.ContentType = ContentType;
                await registry.CollectAndExportAsTextAsync(context.Response.Body, cancellationToken);
            })
            .WithName("Metrics")
            .WithSummary("Prometheus metrics")
            .WithDescription("Prometheus text format: feed fetches by feed and outcome, fetch and search durations, 304s, stored articles, index documents and lag, failing feeds, and .NET process figures.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
    }
}
