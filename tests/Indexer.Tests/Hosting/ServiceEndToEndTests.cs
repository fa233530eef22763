using System.Net;
using System.Text.Json;
using Indexer.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Indexer.Tests.Hosting;

/// <summary>
/// The whole path as a user meets it: a feed served on 127.0.0.1, fetched by the scheduler, stored, indexed and
/// found through GET /search; then a restart that must keep everything.
/// </summary>
public sealed class ServiceEndToEndTests : LocalServiceTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ServeOneFeed("/gujarati.xml", TestData.SampleFeed);
    }

    [Fact]
    public async Task The_scheduler_fetches_the_feed_and_the_sample_article_is_found_by_its_base_forms()
    {
        await using var service = await StartServiceAsync();

        var russia = await service.WaitForHitsAsync("રશિયા");
        var hit = russia.GetProperty("hits")[0];
        Assert.Equal("local", hit.GetProperty("feedId").GetString());
        Assert.StartsWith("કિમ જોંગ ઉનની", hit.GetProperty("title").GetString());
        Assert.Contains("<mark>", hit.GetProperty("snippet").GetString());
        Assert.EndsWith("Z", hit.GetProperty("published").GetString());
        Assert.Equal("2024-11-30T04:45:00Z", hit.GetProperty("published").GetString());

        // The text says only ઉનની and ઉનએ, never ઉન on its own.
        var phrase = await service.GetJsonAsync("/search?q=" + Uri.EscapeDataString("\"કિમ જોંગ ઉન\""));
        Assert.Equal(1, phrase.GetProperty("total").GetInt64());

        var id = hit.GetProperty("id").GetString()!;
        var article = await service.GetJsonAsync($"/articles/{id}");
        Assert.Equal("sample-kim-jong-un-russia", article.GetProperty("guid").GetString());
        Assert.Contains("\n", article.GetProperty("body").GetString());
        Assert.Contains("રશિયાના રક્ષામંત્રીની મુલાકાત", article.GetProperty("body").GetString());

        var metrics = await service.Client.GetStringAsync("/metrics");
        Assert.Contains("indexer_feed_fetches_total{feed=\"local\",outcome=\"fetched\"} ", metrics);
    }

    [Fact]
    public async Task Fetching_again_never_duplicates_and_a_restart_keeps_articles_and_index()
    {
        string id;
        await using (var service = await StartServiceAsync())
        {
            var first = await service.WaitForHitsAsync("રશિયા");
            id = first.GetProperty("hits")[0].GetProperty("id").GetString()!;
            // Several fires of the 1 s schedule later, still one article.
            while (Feeds.Hits("/gujarati.xml") < 3) await Task.Delay(100);
            var feeds = await service.GetJsonAsync("/feeds");
            Assert.Equal(1, feeds[0].GetProperty("articleCount").GetInt64());
            Assert.Equal(1, (await service.GetJsonAsync("/search?q=" + Uri.EscapeDataString("રશિયા"))).GetProperty("total").GetInt64());
        }

        // The publisher is gone now: whatever is found after the restart came from disk.
        Feeds.Serve("/gujarati.xml", "gone", "text/plain", 404);
        await using (var restarted = await StartServiceAsync())
        {
            // A clean stop committed the index: this start resumes from it instead of rebuilding.
            Assert.Null(restarted.Services.GetRequiredService<Indexer.Indexing.ArticleIndex>().RebuildReason);
            var found = await restarted.GetJsonAsync("/search?q=" + Uri.EscapeDataString("રશિયા"));
            Assert.Equal(1, found.GetProperty("total").GetInt64());
            Assert.Equal(id, found.GetProperty("hits")[0].GetProperty("id").GetString());
            var article = await restarted.GetJsonAsync($"/articles/{id}");
            Assert.Equal("local", article.GetProperty("feedId").GetString());
        }
    }

    [Fact]
    public async Task SIGTERM_to_the_service_process_commits_the_index_so_the_restart_resumes_without_a_rebuild()
    {
        // A first start on an empty data folder, as a new operator's: the index is built from nothing. Enough
        // articles that the last commit is real work, not a formality.
        ServeOneFeed("/gujarati.xml", TestData.Rss([.. Enumerable.Range(0, 3000).Select(i =>
            ($"n{i}", $"સમાચાર {i}", i == 0 ? "રશિયાના રક્ષામંત્રીની મુલાકાત" : $"ગાંધીનગરમાં વરસાદ, અહેવાલ {i}"))]));
        var settings = new Dictionary<string, string> { ["Serilog__MinimumLevel__Default"] = "Information" };
        await using (var first = await ServiceProcess.StartAsync(Config.Path, Data.Path, settings))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await first.CountAsync("ગાંધીનગર") < 2999)
            {
                Assert.True(DateTime.UtcNow < deadline, "the sample article was not searchable in time: " + first.Output);
                await Task.Delay(100);
            }
            Assert.Equal(0, await first.TerminateAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("Rebuilding the search index from the store: no index yet", first.Output);
        }

        Feeds.Serve("/gujarati.xml", "gone", "text/plain", 404);
        await using var restarted = await ServiceProcess.StartAsync(Config.Path, Data.Path, settings);
        Assert.Equal(1, await restarted.CountAsync("રશિયા"));
        Assert.Equal(2999, await restarted.CountAsync("ગાંધીનગર"));
        Assert.DoesNotContain("Rebuilding", restarted.Output);
    }

    [Fact]
    public async Task A_changed_item_is_updated_in_place_and_searchable_by_its_new_words()
    {
        Feeds.Serve("/gujarati.xml", TestData.Rss(("g1", "પહેલું શીર્ષક", "ગાંધીનગરમાં વરસાદ પડ્યો.")));
        await using var service = await StartServiceAsync();
        var before = await service.WaitForHitsAsync("ગાંધીનગર");
        var id = before.GetProperty("hits")[0].GetProperty("id").GetString();

        Feeds.Serve("/gujarati.xml", TestData.Rss(("g1", "પહેલું શીર્ષક", "અમદાવાદમાં તડકો નીકળ્યો.")));
        var after = await service.WaitForHitsAsync("અમદાવાદ");
        Assert.Equal(id, after.GetProperty("hits")[0].GetProperty("id").GetString());
        Assert.Equal(0, (await service.GetJsonAsync("/search?q=" + Uri.EscapeDataString("ગાંધીનગર"))).GetProperty("total").GetInt64());
        var feeds = await service.GetJsonAsync("/feeds");
        Assert.Equal(1, feeds[0].GetProperty("articleCount").GetInt64());
    }

    [Theory]
    [InlineData("title:\"bad quote", "q")]
    [InlineData("*શિયા", "q")]
    [InlineData("રશિયા~", "q")]
    [InlineData("રશિયા&size=101", "size")]
    [InlineData("રશિયા&page=0", "page")]
    [InlineData("રશિયા&sort=oldest", "sort")]
    [InlineData("રશિયા&from=yesterday", "from")]
    public async Task Bad_queries_get_a_400_problem_that_names_the_parameter(string query, string parameter)
    {
        await using var service = await StartServiceAsync();
        var q = query.Split('&', 2);
        var url = "/search?q=" + Uri.EscapeDataString(q[0]) + (q.Length > 1 ? "&" + q[1] : "");
        using var response = await service.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith(parameter + ":", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task HealthFeeds_and_unknown_articles_answer_as_documented()
    {
        await using var service = await StartServiceAsync();
        using (var health = await service.Client.GetAsync("/health"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using (var probe = await service.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health")))
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        using (var missing = await service.Client.GetAsync("/articles/does-not-exist"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        await service.WaitForHitsAsync("રશિયા");
        var feed = (await service.GetJsonAsync("/feeds"))[0];
        Assert.Equal("local", feed.GetProperty("id").GetString());
        Assert.Equal("00:00:01", feed.GetProperty("schedule").GetString());
        Assert.Contains(feed.GetProperty("lastStatus").GetString(), new[] { "fetched", "unchanged", "not-modified" });
        Assert.Equal(0, feed.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal(JsonValueKind.Null, feed.GetProperty("lastError").ValueKind);
        Assert.Equal(JsonValueKind.String, feed.GetProperty("nextFetchAt").ValueKind);
        Assert.Equal(JsonValueKind.String, feed.GetProperty("lastFetchedAt").ValueKind);
    }

    /// <summary>The sample feed plus a second feed on this server, both fetched every second.</summary>
    private void WriteSampleFeedAnd(string id, string path) =>
        Config.Write("feeds.json", $$"""
            {"feeds": [
              {"id": "local", "url": "{{Feeds.Url("/gujarati.xml")}}", "interval": "00:00:01"},
              {"id": "{{id}}", "url": "{{Feeds.Url(path)}}", "interval": "00:00:01"}
            ]}
            """);

    [Fact]
    public async Task A_feed_that_fails_is_reported_and_the_others_keep_working()
    {
        WriteSampleFeedAnd("broken", "/missing.xml");
        await using var service = await StartServiceAsync();
        await service.WaitForHitsAsync("રશિયા");
        JsonElement broken;
        do
        {
            await Task.Delay(100);
            broken = (await service.GetJsonAsync("/feeds")).EnumerateArray().Single(f => f.GetProperty("id").GetString() == "broken");
        } while (broken.GetProperty("consecutiveFailures").GetInt32() == 0);
        Assert.Equal("failed", broken.GetProperty("lastStatus").GetString());
        Assert.Contains("404", broken.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task A_publisher_asking_to_retry_later_is_left_alone_and_reported_while_the_service_stays_healthy()
    {
        Feeds.Handle("/busy.xml", context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = "7200";
            return Task.CompletedTask;
        });
        WriteSampleFeedAnd("busy", "/busy.xml");
        await using var service = await StartServiceAsync();
        await service.WaitForHitsAsync("રશિયા");
        while (Feeds.Hits("/busy.xml") == 0) await Task.Delay(100);

        // Several fires of the 1 s schedule pass; the publisher asked for two hours and gets them.
        while (Feeds.Hits("/gujarati.xml") < 4) await Task.Delay(100);
        Assert.Equal(1, Feeds.Hits("/busy.xml"));

        var busy = (await service.GetJsonAsync("/feeds")).EnumerateArray().Single(f => f.GetProperty("id").GetString() == "busy");
        Assert.Equal(1, busy.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal(503, busy.GetProperty("lastHttpStatus").GetInt32());
        Assert.Contains("503", busy.GetProperty("lastError").GetString());
        Assert.True(busy.GetProperty("nextFetchAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(1.9));
        using var health = await service.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
