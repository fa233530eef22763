using System.Text.Json;
using Indexer.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Indexer.Tests.Cli;

/// <summary><c>test-alert &lt;id&gt;</c> and alerts.json at start, as an operator meets them on the command line.</summary>
public sealed class TestAlertCommandTests : IAsyncLifetime
{
    private const string Secret = "cli-secret";
    private readonly TempDirectory _config = new();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _config.Write("feeds.json", """{"feeds": []}""");
        _config.Write("alerts.json", JsonSerializer.Serialize(new
        {
            alerts = new object[]
            {
                new { id = "russia", query = "રશિયા", webhook = _receiver.Url, secretEnv = "ALERT_RUSSIA_SECRET" },
                new { id = "rain", query = "વરસાદ", webhook = _receiver.Url, secret = "x" },
            },
        }));
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _config.Dispose();
    }

    private Task<ProgramRunner.Result> RunAsync(params string[] args) =>
        ProgramRunner.RunAsync(args, new Dictionary<string, string> { ["INDEXER_CONFIG_DIR"] = _config.Path, ["ALERT_RUSSIA_SECRET"] = Secret });

    [Fact]
    public async Task Test_alert_sends_one_signed_sample_and_prints_the_answer()
    {
        _receiver.Answer = async (_, context) => { context.Response.StatusCode = 202; await context.Response.WriteAsync("thanks"); };
        var result = await RunAsync("test-alert", "russia");
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("HTTP 202", result.StdOut);
        Assert.Contains("thanks", result.StdOut);
        var delivery = Assert.Single(_receiver.Received);
        Assert.True(delivery.IsSignedWith(Secret));
        Assert.True(delivery.Json.GetProperty("test").GetBoolean());
        Assert.Equal("russia", delivery.Json.GetProperty("alert").GetString());
        Assert.Contains(delivery.DeliveryId, result.StdOut);
    }

    [Fact]
    public async Task Test_alert_fails_with_the_receivers_answer_or_the_alerts_there_are()
    {
        _receiver.Answer = (_, context) => { context.Response.StatusCode = 500; return Task.CompletedTask; };
        var refused = await RunAsync("test-alert", "rain");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("test-alert: not delivered: HTTP 500", refused.StdErr);

        var unknown = await RunAsync("test-alert", "snow");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no alert \"snow\"; the alerts are russia, rain", unknown.StdErr);
    }

    [Fact]
    public async Task A_bad_alert_stops_the_start_naming_the_alert_and_the_field()
    {
        _config.Write("alerts.json", """{"alerts": [{"id": "russia", "query": "રશિયા OR", "webhook": "http://127.0.0.1:9/x", "secret": "s"}]}""");
        var result = await RunAsync("--urls=http://127.0.0.1:0");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Configuration error: ", result.StdErr);
        Assert.Contains("alerts.json: alert \"russia\": field \"query\":", result.StdErr);

        _config.Write("alerts.json", """{"alerts": []}""");
        var badOption = await RunAsync("--urls=http://127.0.0.1:0", "--Alerts:MaxInFlightPerWebhook=0");
        Assert.Equal(2, badOption.ExitCode);
        Assert.Contains("Alerts:MaxInFlightPerWebhook must be between 1 and 100", badOption.StdErr);
    }
}
