using System.Text.Json;
using Indexer.Tests.Support;

namespace Indexer.Tests.Api;

/// <summary>What GET /feeds and /metrics tell an operator about feeds that are broken or failing.</summary>
public sealed class FeedStatusTests : LocalServiceTest
{
    [Fact]
    public async Task A_feed_cut_off_mid_document_is_fetched_with_a_warning_in_feeds_and_metrics()
    {
        var whole = TestData.Rss(("a", "એક", "પહેલું"), ("b", "બે", "બીજું"));
        Feeds.Serve("/feed.xml", whole[..(whole.IndexOf("<item><guid>b", StringComparison.Ordinal) + 20)]);
        // Fetched once, at the start: with the usual one-second interval a second fetch of the same bytes could
        // land before the first poll and report "unchanged" (the warning stays), which failed this test by timing.
        Config.Write("feeds.json", $$"""{"feeds": [{"id": "local", "url": "{{Feeds.Url("/feed.xml")}}", "interval": "01:00:00"}]}""");
        await using var service = await StartServiceAsync();

        var feed = await WaitForFeedAsync(service, f => f.GetProperty("lastWarning").ValueKind == JsonValueKind.String);
        Assert.Equal("fetched", feed.GetProperty("lastStatus").GetString());
        Assert.Equal(JsonValueKind.Null, feed.GetProperty("lastError").ValueKind);
        Assert.StartsWith("the document is cut off", feed.GetProperty("lastWarning").GetString());
        Assert.Equal(1, feed.GetProperty("articleCount").GetInt64());

        var metrics = await service.Client.GetStringAsync("/metrics");
        Assert.Matches("""indexer_feed_warnings_total\{feed="local"\} [1-9]""", metrics);
    }

    [Fact]
    public async Task A_failing_feed_waits_out_its_back_off_and_is_never_fetched_sooner_than_its_schedule()
    {
        Feeds.Serve("/fast.xml", "down", "text/plain", 503);
        Feeds.Serve("/hourly.xml", "down", "text/plain", 503);
        Config.Write("feeds.json", $$"""
            {"feeds": [
              {"id": "fast", "url": "{{Feeds.Url("/fast.xml")}}", "interval": "00:00:01"},
              {"id": "hourly", "url": "{{Feeds.Url("/hourly.xml")}}", "interval": "01:00:00"}
            ]}
            """);
        await using var service = await StartServiceAsync();

        var fast = await WaitForFeedAsync(service, f => f.GetProperty("consecutiveFailures").GetInt32() > 0, "fast");
        // Fires every second, but the first back-off is 30 s (±20 %): the publisher is left alone meanwhile.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, Feeds.Hits("/fast.xml"));
        var waited = fast.GetProperty("nextFetchAt").GetDateTimeOffset() - fast.GetProperty("lastFetchedAt").GetDateTimeOffset();
        Assert.InRange(waited, TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(37));

        // Back-off only ever delays: an hourly feed that failed is tried again at its next hourly fire, not in 30 s.
        var hourly = await WaitForFeedAsync(service, f => f.GetProperty("consecutiveFailures").GetInt32() > 0, "hourly");
        var hourlyWait = hourly.GetProperty("nextFetchAt").GetDateTimeOffset() - hourly.GetProperty("lastFetchedAt").GetDateTimeOffset();
        Assert.InRange(hourlyWait, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task Feeds_shows_each_feeds_language_and_when_its_pages_are_fetched()
    {
        Feeds.Serve("/feed.xml", TestData.Rss(("a", "એક", "પહેલું")));
        Config.Write("feeds.json", $$"""
            {"feeds": [
              {"id": "local", "url": "{{Feeds.Url("/feed.xml")}}", "interval": "01:00:00"},
              {"id": "english", "url": "{{Feeds.Url("/feed.xml")}}", "interval": "01:00:00", "language": "en", "fullText": "never"}
            ]}
            """);
        await using var service = await StartServiceAsync();

        var feeds = (await service.GetJsonAsync("/feeds")).EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);
        Assert.Equal(("gu", "auto"), (feeds["local"].GetProperty("language").GetString(), feeds["local"].GetProperty("fullText").GetString()));
        Assert.Equal(("en", "never"), (feeds["english"].GetProperty("language").GetString(), feeds["english"].GetProperty("fullText").GetString()));
    }

    private static async Task<JsonElement> WaitForFeedAsync(RunningService service, Func<JsonElement, bool> done, string id = "local")
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var feed = (await service.GetJsonAsync("/feeds")).EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);
            if (done(feed)) return feed;
            if (DateTime.UtcNow > deadline) Assert.Fail($"feed {id} never reached the expected state: {feed}");
            await Task.Delay(100);
        }
    }
}
