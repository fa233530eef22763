using System.Text.Json;
using Indexer.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Indexer.Tests.Alerts;

/// <summary>
/// Saved searches end to end, as an operator sets them up: alerts.json beside feeds.json, a feed served on
/// 127.0.0.1, and a webhook receiver of the test's own that checks each delivery's signature.
/// </summary>
public sealed class AlertDeliveryTests : LocalServiceTest
{
    private const string Secret = "s3cret-for-tests";
    private WebhookReceiver _receiver = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    private static readonly (string, string, string) Russia = ("russia", "રશિયાના સંરક્ષણ પ્રધાન", "રશિયાના પ્રધાને યુદ્ધ વિશે વાત કરી.");
    private static readonly (string, string, string) Rain = ("rain", "અમદાવાદમાં વરસાદ", "અમદાવાદમાં ભારે વરસાદ પડ્યો.");

    private void WriteAlerts(params object[] alerts) => Config.Write("alerts.json", JsonSerializer.Serialize(new { alerts }));

    private object Alert(string id, string query) => new { id, query, webhook = _receiver.Url, secret = Secret };

    private Task<RunningService> StartAsync(params string[] settings) =>
        StartServiceAsync(["--Alerts:RetryDelay=00:00:00.2", "--Alerts:DeliveryTimeout=00:00:02", .. settings]);

    [Fact]
    public async Task A_matching_article_is_delivered_once_signed_and_one_that_does_not_match_is_not()
    {
        WriteAlerts(Alert("russia", "રશિયા"));
        ServeOneFeed("/news.xml", TestData.Rss(Russia, Rain));
        await using var service = await StartAsync();

        var delivery = Assert.Single(await _receiver.WaitForAsync(1));
        Assert.Equal("POST", delivery.Method);
        Assert.StartsWith("application/json", delivery.Headers["Content-Type"]);
        Assert.True(delivery.IsSignedWith(Secret), "X-Indexer-Signature is the HMAC-SHA256 of the body with the secret");
        Assert.False(delivery.IsSignedWith("another secret"));
        var body = delivery.Json;
        Assert.Equal("russia", body.GetProperty("alert").GetString());
        Assert.Equal(delivery.DeliveryId, body.GetProperty("deliveryId").GetString());
        var article = body.GetProperty("article");
        Assert.Equal("રશિયાના સંરક્ષણ પ્રધાન", article.GetProperty("title").GetString());
        Assert.Equal("http://127.0.0.1/a/russia", article.GetProperty("url").GetString());
        Assert.Equal("local", article.GetProperty("feedId").GetString());
        Assert.Equal("2024-11-01T10:00:00Z", article.GetProperty("published").GetString());
        Assert.Contains("<mark>રશિયાના</mark>", article.GetProperty("snippet").GetString());
        var id = (await service.WaitForHitsAsync("રશિયા")).GetProperty("hits")[0].GetProperty("id").GetString();
        Assert.Equal(id, article.GetProperty("id").GetString());

        // Fetched again and again (every second): still one delivery, and /alerts and /metrics say so.
        await WaitUntilAsync(async () => (await service.GetJsonAsync("/alerts"))[0].GetProperty("delivered").GetInt64() == 1);
        await Task.Delay(2500);
        Assert.Single(_receiver.Received);
        var status = (await service.GetJsonAsync("/alerts"))[0];
        Assert.Equal(1, status.GetProperty("matches").GetInt64());
        Assert.Equal(0, status.GetProperty("pending").GetInt64());
        Assert.Equal(0, status.GetProperty("failed").GetInt64());
        Assert.True(status.GetProperty("lastDeliveredAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("lastError").ValueKind);
        Assert.DoesNotContain("/hook", status.GetProperty("webhook").GetString());
        Assert.DoesNotContain(Secret, await service.Client.GetStringAsync("/alerts"));
        var metrics = await service.Client.GetStringAsync("/metrics");
        Assert.Contains("indexer_alert_matches_total{alert=\"russia\"} 1", metrics);
        Assert.Contains("indexer_alert_deliveries_total{alert=\"russia\",outcome=\"delivered\"} 1", metrics);
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_then_succeeds_gets_the_same_delivery_three_times()
    {
        WriteAlerts(Alert("russia", "રશિયા"));
        ServeOneFeed("/news.xml", TestData.Rss(Russia));
        _receiver.Answer = async (n, context) =>
        {
            context.Response.StatusCode = n <= 2 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            await context.Response.WriteAsync(n <= 2 ? "down for maintenance" : "ok");
        };
        await using var service = await StartAsync();

        var attempts = await _receiver.WaitForAsync(3);
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts.Select(a => a.DeliveryId).Distinct());
        Assert.All(attempts, a => Assert.True(a.IsSignedWith(Secret)));
        Assert.All(attempts, a => Assert.Equal(attempts[0].Body, a.Body));
        // Backing off: the second retry waits at least twice RetryDelay less the jitter (2 × 200 ms × 0.8), longer than
        // any first retry can (200 ms × 1.2). A lower bound, since a busy machine only ever adds to a wait: comparing
        // the two measured gaps failed when the first retry was late (once in a full run on a quiet machine).
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromMilliseconds(310), $"second retry after {(attempts[2].At - attempts[1].At).TotalMilliseconds} ms");
        await WaitUntilAsync(async () => (await service.GetJsonAsync("/alerts"))[0].GetProperty("delivered").GetInt64() == 1);
        var status = (await service.GetJsonAsync("/alerts"))[0];
        Assert.Equal("HTTP 503 Service Unavailable", status.GetProperty("lastError").GetString());
        var metrics = await service.Client.GetStringAsync("/metrics");
        Assert.Contains("indexer_alert_deliveries_total{alert=\"russia\",outcome=\"retrying\"} 2", metrics);
        Assert.Contains("indexer_alert_deliveries_total{alert=\"russia\",outcome=\"delivered\"} 1", metrics);
    }

    [Fact]
    public async Task Retry_after_from_the_receiver_is_waited_out()
    {
        WriteAlerts(Alert("russia", "રશિયા"));
        ServeOneFeed("/news.xml", TestData.Rss(Russia));
        _receiver.Answer = (n, context) =>
        {
            context.Response.StatusCode = n == 1 ? StatusCodes.Status429TooManyRequests : StatusCodes.Status200OK;
            if (n == 1) context.Response.Headers.RetryAfter = "2";
            return Task.CompletedTask;
        };
        await using var service = await StartAsync();
        var attempts = await _receiver.WaitForAsync(2);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {attempts[1].At - attempts[0].At}, asked to wait 2 s");
    }

    [Fact]
    public async Task An_alert_added_while_running_matches_new_articles_only()
    {
        WriteAlerts(Alert("rain", "વરસાદ"));
        ServeOneFeed("/news.xml", TestData.Rss(Russia));
        await using var service = await StartAsync();
        await service.WaitForHitsAsync("રશિયા");

        WriteAlerts(Alert("rain", "વરસાદ"), Alert("russia", "રશિયા"));
        await WaitUntilAsync(async () => (await service.GetJsonAsync("/alerts")).GetArrayLength() == 2);
        // The article already stored is old news to the new alert; the next one is news.
        Feeds.Serve("/news.xml", TestData.Rss(Russia, ("russia-2", "રશિયાથી નવા સમાચાર", "રશિયાએ આજે નવી જાહેરાત કરી.")));
        var delivery = Assert.Single(await _receiver.WaitForAsync(1));
        Assert.Equal("રશિયાથી નવા સમાચાર", delivery.ArticleTitle);
        Assert.Equal("russia", delivery.Json.GetProperty("alert").GetString());
        await Task.Delay(2000);
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task A_broken_edit_of_alerts_json_is_ignored_and_the_alerts_keep_working()
    {
        WriteAlerts(Alert("russia", "રશિયા"));
        ServeOneFeed("/news.xml", TestData.Rss(Rain));
        await using var service = await StartAsync();
        await service.WaitForHitsAsync("વરસાદ");

        Config.Write("alerts.json", """{"alerts": [{"id": "russia", "query": "\"open", "webhook": "http://127.0.0.1/x", "secret": "s"}]}""");
        await Task.Delay(1000);
        Feeds.Serve("/news.xml", TestData.Rss(Rain, Russia));
        Assert.Equal("રશિયાના સંરક્ષણ પ્રધાન", Assert.Single(await _receiver.WaitForAsync(1)).ArticleTitle);
        Assert.Equal("રશિયા", (await service.GetJsonAsync("/alerts"))[0].GetProperty("query").GetString());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the condition did not hold within 20 s");
            await Task.Delay(100);
        }
    }
}
