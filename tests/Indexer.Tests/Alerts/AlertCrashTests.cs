using System.Text.Json;
using Indexer.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Indexer.Tests.Alerts;

/// <summary>
/// The promise "at least once, never lost" against the real service process and kill -9: a delivery the receiver
/// has not acknowledged when the process dies is sent again after the restart, with the same delivery id, and
/// one it had acknowledged is not.
/// </summary>
public sealed class AlertCrashTests : LocalServiceTest
{
    private const string Secret = "crash-test-secret";

    [Fact]
    public async Task Kill_9_between_match_and_acknowledgement_loses_nothing_and_repeats_only_the_unacknowledged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // The first delivery is acknowledged; the second is received but never answered: the process dies first.
        var hanging = new TaskCompletionSource();
        receiver.Answer = async (n, context) =>
        {
            if (n != 2) { context.Response.StatusCode = StatusCodes.Status200OK; return; }
            hanging.TrySetResult();
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); }
            catch (OperationCanceledException) { }
        };
        Config.Write("alerts.json", JsonSerializer.Serialize(new { alerts = new[] { new { id = "russia", query = "રશિયા", webhook = receiver.Url, secret = Secret } } }));
        ServeOneFeed("/news.xml", TestData.Rss(
            ("first", "રશિયાના સમાચાર પહેલા", "રશિયાના પહેલા સમાચાર."),
            ("second", "રશિયાના સમાચાર બીજા", "રશિયાના બીજા સમાચાર.")));
        var environment = new Dictionary<string, string>
        {
            ["Alerts__DeliveryTimeout"] = "00:00:03",
            ["Alerts__RetryDelay"] = "00:00:00.2",
            // The operator's default level: what the log says about alerts is part of the test.
            ["Serilog__MinimumLevel__Default"] = "Information",
        };

        var service = await ServiceProcess.StartAsync(Config.Path, Data.Path, environment);
        string log;
        try
        {
            await hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));
            service.Kill();
            log = service.Output;
        }
        finally
        {
            await service.DisposeAsync();
        }
        // Each delivery is logged; a match is not (at Debug): a line per match would double the log of a busy alert.
        Assert.Contains("Delivered alert russia article ", log);
        Assert.DoesNotContain(" matched article ", log);
        var beforeKill = receiver.Received;
        Assert.Equal(2, beforeKill.Count);

        await using var restarted = await ServiceProcess.StartAsync(Config.Path, Data.Path, environment);
        var all = await receiver.WaitForAsync(3, TimeSpan.FromSeconds(30));
        Assert.Equal(beforeKill[1].DeliveryId, all[2].DeliveryId);
        Assert.Equal(beforeKill[1].Body, all[2].Body);
        Assert.True(all[2].IsSignedWith(Secret));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await restarted.GetJsonAsync("/alerts"))[0].GetProperty("delivered").GetInt64() < 2)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the repeated delivery was not recorded as delivered: " + restarted.Output);
            await Task.Delay(100);
        }
        await Task.Delay(1500);
        Assert.Equal(3, receiver.Received.Count);
        Assert.Equal(["રશિયાના સમાચાર પહેલા", "રશિયાના સમાચાર બીજા"], receiver.Received.Select(d => d.ArticleTitle).Distinct());
        Assert.Equal(2, (await restarted.GetJsonAsync("/alerts"))[0].GetProperty("matches").GetInt64());
    }
}
