using Indexer.Configuration;
using Indexer.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Indexer.Api;

/// <summary>
/// One mechanism that makes every error the service sends RFC 9457 problem+json, whatever endpoint it concerns,
/// including endpoints added later: responses the handlers write themselves (<see cref="Problems"/>), empty
/// error responses from routing and the framework (404 unknown path, 405 wrong method), exceptions (500; 503 when
/// the store is unavailable), and
/// the answers Kestrel gives before any middleware runs (400, 414, 431: <see cref="KestrelRejections"/>).
/// </summary>
public static class HttpErrors
{
    public const string ApiDocument = "/openapi/v1.json";

    public static IServiceCollection AddHttpErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (context.Exception is { } e && context.HttpContext.RequestServices.GetRequiredService<StoreOutage>().Report(e))
            {
                // Retryable, and said so: the client, and the proxy (which retries http_503 on another instance), can act on it.
                problem.Title = "The store is unavailable";
                problem.Detail = $"the store (the database) is unavailable; try again in {StoreRetryAfter} seconds";
                context.HttpContext.Response.Headers.RetryAfter = StoreRetryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return;
            }
            if (problem.Detail is not null) return;
            var request = context.HttpContext.Request;
            problem.Detail = problem.Status switch
            {
                StatusCodes.Status404NotFound => $"nothing at {request.Path}; the API is described at {ApiDocument}",
                StatusCodes.Status405MethodNotAllowed =>
                    $"{request.Method} is not allowed on {request.Path}; use {string.Join(" or ", context.HttpContext.Response.Headers.Allow.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))}",
                StatusCodes.Status500InternalServerError => "the service failed on this request; the error is in its log",
                _ => null,
            };
        });
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<SearchOptions>>((kestrel, search) =>
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next =>
                KestrelRejections.Middleware(next, new KestrelRejections.Limits(kestrel.Limits, search.Value.MaxQueryLength)))));
        return services;
    }

    /// <summary>Goes first in the pipeline, so that it sees what every later stage answers.</summary>
    public static IApplicationBuilder UseHttpErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = StatusOf,
            // An outage is logged once, as it starts (StoreOutage), not with a stack trace per request.
            SuppressDiagnosticsCallback = context => StoreOutage.IsUnavailable(context.Exception),
        });
        app.UseStatusCodePages();
        app.UseMiddleware<QueryEncodingCheck>();
        return app;
    }

    /// <summary>Seconds a client is asked to wait when the store is unavailable.</summary>
    private const int StoreRetryAfter = 5;

    /// <summary>
    /// A request Kestrel found bad while the handler read it is the client's mistake, not a 500; a store that cannot be
    /// reached is a 503, a condition that passes, not a failure of the service.
    /// </summary>
    private static int StatusOf(Exception exception) => exception switch
    {
        Microsoft.AspNetCore.Http.BadHttpRequestException bad => bad.StatusCode,
        _ when StoreOutage.IsUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
