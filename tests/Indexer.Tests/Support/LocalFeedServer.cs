using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Indexer.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 that serves feeds the test sets, and counts the requests it gets.</summary>
public sealed class LocalFeedServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (int Status, string ContentType, byte[] Body)> _routes = new();
    private readonly ConcurrentDictionary<string, int> _hits = new();
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _handlers = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new();
    private readonly ConcurrentQueue<(string Path, IHeaderDictionary Headers, DateTime At)> _requests = new();
    private int _inFlight;
    private int _maxInFlight;
    private readonly WebApplication _app;

    private LocalFeedServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<LocalFeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LocalFeedServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public string Url(string path) => BaseUrl + path;

    public void Serve(string path, string body, string contentType = "application/rss+xml; charset=utf-8", int status = 200)
    {
        _handlers.TryRemove(path, out _);
        _routes[path] = (status, contentType, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Answers requests for a path with custom behaviour (status codes, headers, redirects).</summary>
    public void Handle(string path, Func<HttpContext, Task> handler) => _handlers[path] = handler;

    /// <summary>Makes every answer for a path take this long, to catch overlapping fetches.</summary>
    public void Delay(string path, TimeSpan delay) => _delays[path] = delay;

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    /// <summary>The most requests that were in progress at the same moment, over all paths.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    public IReadOnlyList<IHeaderDictionary> RequestsTo(string path) => _requests.Where(r => r.Path == path).Select(r => r.Headers).ToList();

    /// <summary>When each request for a path arrived (UTC), oldest first.</summary>
    public IReadOnlyList<DateTime> RequestTimes(string path) => _requests.Where(r => r.Path == path).Select(r => r.At).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        _requests.Enqueue((path, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), DateTime.UtcNow));
        var now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max) { }
        // A request stops counting as its response starts: counted until the handler returned, it still counted
        // while the client, which had its answer, sent the next one, and a loaded machine saw a cap of 2 as 3.
        var counted = 1;
        void Done() { if (Interlocked.Exchange(ref counted, 0) == 1) Interlocked.Decrement(ref _inFlight); }
        context.Response.OnStarting(() => { Done(); return Task.CompletedTask; });
        try
        {
            if (_delays.TryGetValue(path, out var delay))
            {
                try { await Task.Delay(delay, context.RequestAborted); }
                catch (OperationCanceledException) { return; }
            }
            await RespondAsync(context, path);
        }
        finally
        {
            Done();
        }
    }

    private async Task RespondAsync(HttpContext context, string path)
    {
        if (_handlers.TryGetValue(path, out var handler))
        {
            await handler(context);
            return;
        }
        if (!_routes.TryGetValue(path, out var route))
        {
            context.Response.StatusCode = 404;
            return;
        }
        context.Response.StatusCode = route.Status;
        context.Response.ContentType = route.ContentType;
        await context.Response.Body.WriteAsync(route.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
