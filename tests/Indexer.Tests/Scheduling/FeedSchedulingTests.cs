using System.Text.Json;
using Indexer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Indexer.Tests.Scheduling;

/// <summary>How the running service schedules feeds: reloads of feeds.json, overlap and concurrency.</summary>
public sealed class FeedSchedulingTests : LocalServiceTest
{
    private void WriteFeeds(params (string Id, string Path, string Interval)[] feeds) =>
        Config.Write("feeds.json", JsonSerializer.Serialize(new
        {
            feeds = feeds.Select(f => new { id = f.Id, url = Feeds.Url(f.Path), interval = f.Interval }),
        }));

    private static async Task<JsonElement> WaitForFeedsAsync(RunningService service, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var feeds = await service.GetJsonAsync("/feeds");
            if (condition(feeds)) return feeds;
            if (DateTime.UtcNow > deadline) Assert.Fail("feeds never reached the expected state: " + feeds);
            await Task.Delay(100);
        }
    }

    internal static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail(what + " within 30 s");
            await Task.Delay(50);
        }
    }

    private static string[] Ids(JsonElement feeds) => feeds.EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task Editing_feeds_json_adds_changes_and_removes_feeds_without_a_restart_and_a_broken_edit_is_ignored()
    {
        Feeds.Serve("/a.xml", TestData.Rss(("a1", "અમદાવાદ", "અમદાવાદમાં વરસાદ")));
        Feeds.Serve("/b.xml", TestData.Rss(("b1", "સુરત", "સુરતમાં પૂર")));
        WriteFeeds(("a", "/a.xml", "00:00:01"));
        await using var service = await StartServiceAsync();
        await service.WaitForHitsAsync("અમદાવાદ");

        WriteFeeds(("a", "/a.xml", "00:00:01"), ("b", "/b.xml", "00:00:01"));
        await service.WaitForHitsAsync("સુરત");
        Assert.Equal(["a", "b"], Ids(await service.GetJsonAsync("/feeds")));

        Config.Write("feeds.json", """{"feeds": [{"id": "a", "url": "nonsense", "interval": "00:00:01"}]}""");
        await Task.Delay(1000);
        Assert.Equal(["a", "b"], Ids(await service.GetJsonAsync("/feeds")));

        WriteFeeds(("a", "/a.xml", "00:00:05"));
        var feeds = await WaitForFeedsAsync(service, f => f.GetArrayLength() == 1);
        Assert.Equal("00:00:05", feeds[0].GetProperty("schedule").GetString());
        // Removing a feed stops its fetches but keeps what it already brought in.
        var hitsOfB = Feeds.Hits("/b.xml");
        await Task.Delay(1500);
        Assert.True(Feeds.Hits("/b.xml") <= hitsOfB + 1);
        await service.WaitForHitsAsync("સુરત");
    }

    [Fact]
    public async Task A_restart_fetches_a_feed_when_its_interval_since_the_last_fetch_has_passed_not_at_once()
    {
        Feeds.Serve("/hourly.xml", TestData.Rss(("h1", "અમદાવાદ", "અમદાવાદમાં વરસાદ")));
        Feeds.Serve("/often.xml", TestData.Rss(("o1", "સુરત", "સુરતમાં પૂર")));
        WriteFeeds(("hourly", "/hourly.xml", "01:00:00"), ("often", "/often.xml", "00:00:01"));
        await using (var first = await StartServiceAsync())
        {
            await first.WaitForHitsAsync("અમદાવાદ");
            await first.WaitForHitsAsync("સુરત");
        }
        Assert.Equal(1, Feeds.Hits("/hourly.xml"));

        // Due during the downtime: fetched at once, and on its schedule after that.
        var often = Feeds.Hits("/often.xml");
        await using var second = await StartServiceAsync();
        await UntilAsync(() => Feeds.Hits("/often.xml") >= often + 2, "the one-second feed was not fetched twice after the restart");
        // Fetched a moment before the restart, hourly: not again for an hour, and /feeds says when.
        Assert.Equal(1, Feeds.Hits("/hourly.xml"));
        var hourly = (await second.GetJsonAsync("/feeds")).EnumerateArray().Single(f => f.GetProperty("id").GetString() == "hourly");
        var wait = hourly.GetProperty("nextFetchAt").GetDateTimeOffset() - hourly.GetProperty("lastFetchedAt").GetDateTimeOffset();
        Assert.InRange(wait, TimeSpan.FromMinutes(60) - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(60) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_feed_whose_url_is_changed_is_fetched_at_once_live_or_after_a_restart_whatever_its_interval_or_back_off()
    {
        Feeds.Serve("/typo.xml", "not here", "text/plain", status: 404);
        Feeds.Serve("/fixed.xml", TestData.Rss(("f1", "અમદાવાદ", "અમદાવાદમાં વરસાદ")));
        Feeds.Serve("/moved.xml", TestData.Rss(("m1", "સુરત", "સુરતમાં પૂર")));
        WriteFeeds(("hourly", "/typo.xml", "01:00:00"));
        await using (var service = await StartServiceAsync())
        {
            await UntilAsync(() => Feeds.Hits("/typo.xml") == 1, "the feed was not fetched at the start");
            await WaitForFeedsAsync(service, f => f[0].GetProperty("lastStatus").GetString() == "failed");

            // The operator fixes the address: fetched now, not after the hour nor the back-off the old one earned.
            WriteFeeds(("hourly", "/fixed.xml", "01:00:00"));
            await service.WaitForHitsAsync("અમદાવાદ");
            Assert.Equal(1, Feeds.Hits("/fixed.xml"));
        }

        // Changed while the service is down: the restart fetches the new address, and only that one.
        WriteFeeds(("hourly", "/moved.xml", "01:00:00"));
        await using var restarted = await StartServiceAsync();
        await restarted.WaitForHitsAsync("સુરત");
        Assert.Equal((1, 1, 1), (Feeds.Hits("/typo.xml"), Feeds.Hits("/fixed.xml"), Feeds.Hits("/moved.xml")));
    }

    [Fact]
    public async Task A_slow_feed_is_never_fetched_twice_at_once()
    {
        Feeds.Serve("/slow.xml", TestData.Rss(("s1", "ધીમું", "ધીમું લખાણ")));
        Feeds.Delay("/slow.xml", TimeSpan.FromMilliseconds(1500));
        WriteFeeds(("slow", "/slow.xml", "00:00:01"));
        await using var service = await StartServiceAsync();
        await UntilAsync(() => Feeds.Hits("/slow.xml") >= 3, "the slow feed was not fetched three times");
        Assert.Equal(1, Feeds.MaxConcurrentRequests);
    }

    [Fact]
    public async Task The_global_cap_limits_fetches_in_flight_over_all_feeds()
    {
        var feeds = Enumerable.Range(1, 4).Select(i => ($"f{i}", $"/f{i}.xml", "00:00:01")).ToArray();
        foreach (var (_, path, _) in feeds)
        {
            Feeds.Serve(path, TestData.Rss((path, "શીર્ષક", "લખાણ")));
            Feeds.Delay(path, TimeSpan.FromMilliseconds(700));
        }
        WriteFeeds(feeds);
        await using var service = await RunningService.StartAsync(Config.Path, Data.Path,
            "--Fetching:MaxConcurrentFetches=2", "--Fetching:MaxConcurrentFetchesPerHost=2");
        await UntilAsync(() => feeds.All(f => Feeds.Hits(f.Item2) >= 2), "every feed was not fetched twice");
        Assert.Equal(2, Feeds.MaxConcurrentRequests);
    }
}

public sealed class ShutdownTests : LocalServiceTest
{

    [Fact]
    public async Task Stopping_cancels_a_stalled_fetch_instead_of_waiting_for_it_and_keeps_what_was_stored()
    {
        Feeds.Serve("/fast.xml", TestData.SampleFeed);
        Feeds.Serve("/stalled.xml", TestData.Rss(("s", "ધીમું", "ધીમું")));
        Feeds.Delay("/stalled.xml", TimeSpan.FromSeconds(30));
        Config.Write("feeds.json", $$"""
            {"feeds": [
              {"id": "fast", "url": "{{Feeds.Url("/fast.xml")}}", "interval": "00:00:01"},
              {"id": "stalled", "url": "{{Feeds.Url("/stalled.xml")}}", "interval": "00:00:01"}
            ]}
            """);
        var service = await StartServiceAsync("--Fetching:Timeout=00:01:00");
        await service.WaitForHitsAsync("રશિયા");
        await FeedSchedulingTests.UntilAsync(() => Feeds.Hits("/stalled.xml") > 0, "the stalled feed was not asked");

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await service.DisposeAsync();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"shutdown took {stopwatch.Elapsed}");

        await using var restarted = await StartServiceAsync();
        Assert.Null(restarted.Services.GetRequiredService<Indexer.Indexing.ArticleIndex>().RebuildReason);
        Assert.Equal(1, (await restarted.GetJsonAsync("/search?q=" + Uri.EscapeDataString("રશિયા"))).GetProperty("total").GetInt64());
    }
}

/// <summary>The service as a process, started on a feed list that fetches nothing.</summary>
public sealed class EmptyFeedListTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("""{"feeds": []}""", "lists 0 feeds")]
    [InlineData("""{"feeds": [{"id": "off", "url": "http://127.0.0.1:9/x", "interval": "00:01:00", "enabled": false}]}""", "lists 1 feeds and none is enabled")]
    public async Task Starts_with_a_warning_that_nothing_will_be_fetched(string feedsJson, string expected)
    {
        _folder.Write("config/feeds.json", feedsJson);
        using var service = Indexer.Tests.Container.ProcessRun.Start("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "Indexer.dll"), "--urls=http://127.0.0.1:0"], _folder.Path,
            new Dictionary<string, string?> { ["INDEXER_CONFIG_DIR"] = _folder.Combine("config"), ["Storage__DataDirectory"] = _folder.Combine("data") },
            out var output);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            string text;
            while (!(text = Read(output)).Contains("No feed to fetch", StringComparison.Ordinal))
            {
                Assert.False(service.HasExited, $"the service stopped: {text}");
                Assert.True(DateTime.UtcNow < deadline, $"no warning within 30 s: {text}");
                await Task.Delay(100);
            }
            Assert.Contains("WRN] No feed to fetch: feeds.json " + expected, text);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }

    private static string Read(System.Text.StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}
