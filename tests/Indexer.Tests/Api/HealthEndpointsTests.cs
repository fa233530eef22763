using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Indexer.Configuration;
using Indexer.Tests.Support;

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

        await using var service = await StartServiceAsync("--Indexing:Threads=1");
        var sawRebuilding = false;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await service.Client.GetAsync("/health/ready");
            var ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.False(ready.TryGetProperty("rebuilding", out _));
                Assert.Equal(0, ready.GetProperty("indexLag").GetInt64());
                break;
            }
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var progress = ready.GetProperty("rebuilding");
            Assert.Equal(articles, progress.GetProperty("total").GetInt64());
            var done = progress.GetProperty("done").GetInt64();
            Assert.InRange(done, 0, articles);

            // Searches keep answering from what is indexed so far, and say that a rebuild is running.
            var search = await service.GetJsonAsync("/search?q=" + Uri.EscapeDataString("ગાંધીનગર"));
            if (search.TryGetProperty("rebuilding", out var searchProgress))
            {
                sawRebuilding = true;
                Assert.Equal(articles, searchProgress.GetProperty("total").GetInt64());
                Assert.InRange(search.GetProperty("total").GetInt64(), 0, articles - 1);
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(120), "the rebuild did not finish within 120 s");
            await Task.Delay(50);
        }

        Assert.True(sawRebuilding, "no search answered during the rebuild");
        var all = await service.GetJsonAsync("/search?q=" + Uri.EscapeDataString("ગાંધીનગર"));
        Assert.Equal(articles, all.GetProperty("total").GetInt64());
        Assert.False(all.TryGetProperty("rebuilding", out _));
    }
}
