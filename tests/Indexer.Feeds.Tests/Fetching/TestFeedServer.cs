using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Indexer.Feeds.Tests.Fetching;

/// <summary>A real Kestrel server on 127.0.0.1 and an ephemeral port whose behaviour each test scripts.</summary>
internal sealed class TestFeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SeenRequest> _requests = new();
    private int _inFlight;
    private int _maxInFlight;

    private TestFeedServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<SeenRequest> Requests => _requests.ToList();

    /// <summary>Most requests the server was handling at the same moment.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public Uri Url(string path) => new(BaseUrl, path);

    public static async Task<TestFeedServer> StartAsync(Func<HttpContext, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var server = new TestFeedServer(app);
        app.Run(async context =>
        {
            server._requests.Enqueue(new SeenRequest(
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            var inFlight = Interlocked.Increment(ref server._inFlight);
            InterlockedMax(ref server._maxInFlight, inFlight);
            try
            {
                await handle(context);
            }
            finally
            {
                Interlocked.Decrement(ref server._inFlight);
            }
        });
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.Single());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
            current = Volatile.Read(ref target);
    }
}

internal sealed record SeenRequest(string PathAndQuery, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
