using System.Net;
using System.Text.Json;
using Indexer.Configuration;
using Indexer.Storage;
using Indexer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Indexer.Tests.Api;

/// <summary>What operators and load balancers see while the index is rebuilt from the store.</summary>
public sealed class HealthEndpointsTests : LocalServiceTest
{
    [Fact]
    public async Task During_a_rebuild_ready_is_503_with_progress_and_search_answers_with_what_is_indexed_so_far()
    {
        const int articles = 8_000;
        Config.Write("feeds.json", """{"feeds": []}""");
        // A store with articles and no index beside it: the service must rebuild at its start.
        await using (var storage = await TestStorage.OpenAsync(StorageProvider.Sqlite, Data.Path))
            await IndexFixture.StoreManyAsync(storage.Articles, articles);

        // The rebuild is held after two batches of changes (the third read, made while the second batch is
        // analysed, waits), so the test sees it half way on a machine of any speed.
        HeldChangeLog? held = null;
        await using var service = await RunningService.StartAsync(Config.Path, Data.Path,
            services => services.AddSingleton<IArticleStore>(sp =>
                held = new HeldChangeLog(sp.GetRequiredService<IStorageProvider>().Articles, readsBeforeHold: 2)),
            "--Indexing:Threads=1", "--Indexing:RefreshInterval=00:00:00.01");
        await held!.Holding.WaitAsync(TimeSpan.FromSeconds(60));

        // The held read is the one made ahead while the second batch is applied: that batch still lands.
        var settle = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await service.Client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var progress = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("rebuilding");
            Assert.Equal(articles, progress.GetProperty("total").GetInt64());
            var done = progress.GetProperty("done").GetInt64();
            Assert.InRange(done, 0, 2 * 1000);
            if (done == 2 * 1000) break;
            Assert.True(DateTime.UtcNow < settle, $"the second batch was not applied within 60 s (done: {done})");
            await Task.Delay(20);
        }

        // Searches keep answering from what is indexed so far (the newest first), and say that a rebuild is running.
        // The refresh that the first batch started runs beside the catch-up, so on a busy machine it may land a moment
        // after the second batch is counted as applied: waited for, with a deadline.
        var seen = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonElement partial;
        while ((partial = await service.GetJsonAsync("/search?q=" + Uri.EscapeDataString("ગાંધીનગર"))).GetProperty("total").GetInt64() < 1000)
        {
            Assert.True(DateTime.UtcNow < seen, $"searches saw none of the two applied batches within 30 s: {partial}");
            await Task.Delay(20);
        }
        Assert.Equal(articles, partial.GetProperty("rebuilding").GetProperty("total").GetInt64());
        // Each applied batch is refreshed once the (10 ms) interval has passed: the first surely, the second likely.
        Assert.InRange(partial.GetProperty("total").GetInt64(), 1000, 2 * 1000);

        held.Release();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            using var response = await service.Client.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.False(ready.TryGetProperty("rebuilding", out _));
                Assert.Equal(0, ready.GetProperty("indexLag").GetInt64());
                break;
            }
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "the rebuild did not finish within 120 s of its release");
            await Task.Delay(50);
        }

        var all = await service.GetJsonAsync("/search?q=" + Uri.EscapeDataString("ગાંધીનગર"));
        Assert.Equal(articles, all.GetProperty("total").GetInt64());
        Assert.False(all.TryGetProperty("rebuilding", out _));
    }
}
