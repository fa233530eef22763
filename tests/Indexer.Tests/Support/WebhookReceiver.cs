using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Indexer.Tests.Support;

/// <summary>
/// A webhook receiver on 127.0.0.1, as an operator's would be: it keeps every POST it gets (body, headers, time) and
/// answers as the test scripts it: by default 204, or whatever <see cref="Answer"/> decides for the n-th request.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<Delivery> _received = new();
    private readonly WebApplication _app;
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Decides the answer to the request with this number (1 for the first); null answers 204.</summary>
    public Func<int, HttpContext, Task>? Answer { get; set; }

    public IReadOnlyList<Delivery> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived, or fails after the timeout.</summary>
    public async Task<IReadOnlyList<Delivery>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (_received.Count < count)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"the webhook got {_received.Count} requests, expected {count}");
            await Task.Delay(50);
        }
        return Received;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var number = Interlocked.Increment(ref _count);
        _received.Enqueue(new Delivery(context.Request.Method, body.ToArray(),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), DateTimeOffset.UtcNow));
        if (Answer is { } answer) await answer(number, context);
        else context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Delivery(string Method, byte[] Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset At)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
        public string DeliveryId => Headers["X-Indexer-Delivery"];
        public string ArticleTitle => Json.GetProperty("article").GetProperty("title").GetString()!;

        /// <summary>What a receiver does: recompute the HMAC of the body it got with the shared secret.</summary>
        public bool IsSignedWith(string secret) =>
            Headers.TryGetValue("X-Indexer-Signature", out var signature)
            && signature == "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Body));
    }
}
