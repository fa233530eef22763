using System.Net.Http.Json;
using System.Text.Json;
using Indexer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Indexer.Tests.Support;

/// <summary>The real service (same composition as Program) on 127.0.0.1 with its own config and data folders.</summary>
public sealed class RunningService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningService(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<RunningService> StartAsync(string configDirectory, string dataDirectory, params string[] settings) =>
        StartAsync(configDirectory, dataDirectory, replaceServices: null, settings);

    public static async Task<RunningService> StartAsync(string configDirectory, string dataDirectory,
        Action<IServiceCollection>? replaceServices, params string[] settings)
    {
        string[] args =
        [
            $"--ConfigDirectory={configDirectory}",
            $"--Storage:DataDirectory={dataDirectory}",
            "--urls=http://127.0.0.1:0",
            "--Scheduling:ConfigReloadInterval=00:00:00.2",
            "--Serilog:MinimumLevel:Default=Warning",
            .. settings,
        ];
        var app = IndexerApp.Create(args, replaceServices);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningService(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) });
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls a search until it has at least one hit, or fails after the timeout.</summary>
    public async Task<JsonElement> WaitForHitsAsync(string query, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var result = await GetJsonAsync("/search?q=" + Uri.EscapeDataString(query));
            if (result.GetProperty("total").GetInt64() > 0) return result;
            if (DateTime.UtcNow > deadline) Assert.Fail($"no hits for {query} within the timeout");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
