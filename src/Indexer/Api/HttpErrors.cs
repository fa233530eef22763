using Indexer.Configuration;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Indexer.Api;

/// <summary>
/// One mechanism that makes every error the service sends RFC 9457 problem+json, whatever endpoint it concerns,
/// including endpoints added later: responses the handlers write themselves (<see cref="Problems"/>), empty
/// error responses from routing and the framework (404 unknown path, 405 wrong method), exceptions (500), and
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
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusOf });
        app.UseStatusCodePages();
        app.UseMiddleware<QueryEncodingCheck>();
        return app;
    }

    /// <summary>A request Kestrel found bad while the handler read it is the client's mistake, not a 500.</summary>
    private static int StatusOf(Exception exception) =>
        exception is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
}
