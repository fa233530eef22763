using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Indexer.Configuration;
using Microsoft.Extensions.Options;

namespace Indexer.Alerts;

/// <summary>What one POST to a webhook came to.</summary>
/// <param name="Status">The HTTP status, or null when there was no answer (refused, timed out).</param>
/// <param name="Error">Why it did not count as delivered, in words; null when it did.</param>
/// <param name="RetryAfter">The receiver's Retry-After, when it gave one.</param>
/// <param name="Body">The start of the answer's body, for the operator (test-alert prints it).</param>
public sealed record DeliveryOutcome(int? Status, string? Error, TimeSpan? RetryAfter, string Body, TimeSpan Duration)
{
    public bool Delivered => Error is null;
}

/// <summary>
/// POSTs a delivery: the payload as JSON, <c>X-Indexer-Delivery</c> (the same on every attempt, so receivers can drop
/// repeats), and <c>X-Indexer-Signature: sha256=&lt;hex HMAC-SHA256 of the body with the alert's secret&gt;</c>. Only a
/// 2xx counts; redirects are not followed (a POST that moved is the operator's to fix, not ours to guess).
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<AlertsOptions> options)
{
    public const string HttpClientName = "alert-webhooks";
    private const int BodyShown = 1024;

    public async Task<DeliveryOutcome> SendAsync(AlertDefinition alert, string deliveryId, string payload, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, alert.Webhook) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Indexer-Delivery", deliveryId);
        request.Headers.Add("X-Indexer-Alert", alert.Id);
        request.Headers.Add("X-Indexer-Signature", Signature(alert.Secret, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.DeliveryTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var text = await ReadStartAsync(response.Content, timeout.Token);
            return new DeliveryOutcome(status,
                response.IsSuccessStatusCode ? null : $"HTTP {status} {response.ReasonPhrase}".TrimEnd(),
                RetryAfter(response.Headers.RetryAfter), text, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(null, $"no answer within {options.Value.DeliveryTimeout.TotalSeconds:0.#} s (Alerts:DeliveryTimeout)", null, "", Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException e)
        {
            return new DeliveryOutcome(null, e.InnerException?.Message ?? e.Message, null, "", Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>What the receiver recomputes to check a delivery came from this service: GitHub's form, sha256=hex.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<string> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[BodyShown];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0) read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>The client deliveries go through: webhook URLs are the operator's, so private addresses are fine.</summary>
    public static void Register(IServiceCollection services)
    {
        var version = typeof(WebhookSender).Assembly.GetName().Version?.ToString(3) ?? "0";
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // per attempt, Alerts:DeliveryTimeout
                client.DefaultRequestHeaders.UserAgent.ParseAdd($"GujaratiNewsIndexer/{version.ToString(CultureInfo.InvariantCulture)}");
            });
        services.AddSingleton<WebhookSender>();
    }
}
