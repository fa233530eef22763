using System.Text.Json;
using Indexer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Indexer.Tests.Scheduling;

/// <summary>How the running service schedules feeds: reloads of feeds.json, overlap and concurrency.</summary>
public sealed class FeedSchedulingTests : IAsyncLifetime
{
    private readonly TempDirectory _config = new();
    private readonly TempDirectory _data = new();
    private LocalFeedServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalFeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _config.Dispose();
        _data.Dispose();
    }

    private void WriteFeeds(params (string Id, string Path, string Interval)[] feeds) =>
        _config.Write("feeds.json", JsonSerializer.Serialize(new
        {
            feeds = feeds.Select(f => new { id = f.Id, url = _server.Url(f.Path), interval = f.Interval }),
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

    private static string[] Ids(JsonElement feeds) => feeds.EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task Editing_feeds_json_adds_changes_and_removes_feeds_without_a_restart_and_a_broken_edit_is_ignored()
    {
        _server.Serve("/a.xml", TestData.Rss(("a1", "અમદાવાદ", "અમદાવાદમાં વરસાદ")));
        _server.Serve("/b.xml", TestData.Rss(("b1", "સુરત", "સુરતમાં પૂર")));
        WriteFeeds(("a", "/a.xml", "00:00:01"));
        await using var service = await RunningService.StartAsync(_config.Path, _data.Path);
        await service.WaitForHitsAsync("અમદાવાદ");

        WriteFeeds(("a", "/a.xml", "00:00:01"), ("b", "/b.xml", "00:00:01"));
        await service.WaitForHitsAsync("સુરત");
        Assert.Equal(["a", "b"], Ids(await service.GetJsonAsync("/feeds")));

        _config.Write("feeds.json", """{"feeds": [{"id": "a", "url": "nonsense", "interval": "00:00:01"}]}""");
        await Task.Delay(1000);
        Assert.Equal(["a", "b"], Ids(await service.GetJsonAsync("/feeds")));

        WriteFeeds(("a", "/a.xml", "00:00:05"));
        var feeds = await WaitForFeedsAsync(service, f => f.GetArrayLength() == 1);
        Assert.Equal("00:00:05", feeds[0].GetProperty("schedule").GetString());
        // Removing a feed stops its fetches but keeps what it already brought in.
        var hitsOfB = _server.Hits("/b.xml");
        await Task.Delay(1500);
        Assert.True(_server.Hits("/b.xml") <= hitsOfB + 1);
        await service.WaitForHitsAsync("સુરત");
    }

    [Fact]
    public async Task A_slow_feed_is_never_fetched_twice_at_once()
    {
        _server.Serve("/slow.xml", TestData.Rss(("s1", "ધીમું", "ધીમું લખાણ")));
        _server.Delay("/slow.xml", TimeSpan.FromMilliseconds(1500));
        WriteFeeds(("slow", "/slow.xml", "00:00:01"));
        await using var service = await RunningService.StartAsync(_config.Path, _data.Path);
        while (_server.Hits("/slow.xml") < 3) await Task.Delay(100);
        Assert.Equal(1, _server.MaxConcurrentRequests);
    }

    [Fact]
    public async Task The_global_cap_limits_fetches_in_flight_over_all_feeds()
    {
        var feeds = Enumerable.Range(1, 4).Select(i => ($"f{i}", $"/f{i}.xml", "00:00:01")).ToArray();
        foreach (var (_, path, _) in feeds)
        {
            _server.Serve(path, TestData.Rss((path, "શીર્ષક", "લખાણ")));
            _server.Delay(path, TimeSpan.FromMilliseconds(700));
        }
        WriteFeeds(feeds);
        await using var service = await RunningService.StartAsync(_config.Path, _data.Path,
            "--Fetching:MaxConcurrentFetches=2", "--Fetching:MaxConcurrentFetchesPerHost=2");
        while (feeds.Any(f => _server.Hits(f.Item2) < 2)) await Task.Delay(100);
        Assert.Equal(2, _server.MaxConcurrentRequests);
    }
}

public sealed class ShutdownTests : IAsyncLifetime
{
    private readonly TempDirectory _config = new();
    private readonly TempDirectory _data = new();
    private LocalFeedServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalFeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _config.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Stopping_cancels_a_stalled_fetch_instead_of_waiting_for_it_and_keeps_what_was_stored()
    {
        _server.Serve("/fast.xml", TestData.SampleFeed);
        _server.Serve("/stalled.xml", TestData.Rss(("s", "ધીમું", "ધીમું")));
        _server.Delay("/stalled.xml", TimeSpan.FromSeconds(30));
        _config.Write("feeds.json", $$"""
            {"feeds": [
              {"id": "fast", "url": "{{_server.Url("/fast.xml")}}", "interval": "00:00:01"},
              {"id": "stalled", "url": "{{_server.Url("/stalled.xml")}}", "interval": "00:00:01"}
            ]}
            """);
        var service = await RunningService.StartAsync(_config.Path, _data.Path, "--Fetching:Timeout=00:01:00");
        await service.WaitForHitsAsync("રશિયા");
        while (_server.Hits("/stalled.xml") == 0) await Task.Delay(50);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await service.DisposeAsync();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"shutdown took {stopwatch.Elapsed}");

        await using var restarted = await RunningService.StartAsync(_config.Path, _data.Path);
        Assert.Null(restarted.Services.GetRequiredService<Indexer.Indexing.ArticleIndex>().RebuildReason);
        Assert.Equal(1, (await restarted.GetJsonAsync("/search?q=" + Uri.EscapeDataString("રશિયા"))).GetProperty("total").GetInt64());
    }
}
