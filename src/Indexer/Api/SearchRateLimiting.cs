using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Indexer.Api;

/// <summary>
/// Per-client limits on the endpoints that cost index work, so one busy client cannot starve the rest.
/// Clients are told apart by remote IP; behind a reverse proxy that is the proxy unless forwarded headers are applied.
/// </summary>
public static class SearchRateLimiting
{
    public const string PolicyName = "search";

    public static IServiceCollection AddSearchRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, Partition);
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    public static TBuilder RequireSearchRateLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(PolicyName);

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!options.Enabled) return RateLimitPartition.GetNoLimiter("off");
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitsPerWindow,
            Window = options.Window,
            // Queueing would only hold connections open; an immediate 429 with Retry-After is clearer.
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? wait
            : http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.TooManyRequests($"too many requests from this client; try again in {seconds} s").ExecuteAsync(http);
    }
}
