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

    public void Serve(string path, string body, string contentType = "application/rss+xml; charset=utf-8", int status = 200) =>
        _routes[path] = (status, contentType, Encoding.UTF8.GetBytes(body));

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
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
