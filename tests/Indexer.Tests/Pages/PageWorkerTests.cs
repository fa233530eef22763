using System.Text.Json;
using Indexer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Indexer.Tests.Pages;

/// <summary>
/// The service on summary-only feeds whose items link to pages from the page set, served on 127.0.0.1: the page
/// worker follows the store's queue, and the stored body becomes the story.
/// </summary>
public sealed class PageWorkerTests : LocalServiceTest
{
    // Tests serve pages on 127.0.0.1, which the default refuses; this is the one setting they change for it.
    private const string AllowLocalPages = "--Fetching:AllowPrivatePages=true";

    private static readonly string[] Pages = ["semantic-article-jsonld", "div-soup-opengraph", "table-layout-windows-1252"];

    /// <summary>A feed of one-sentence items, each linking to a page.</summary>
    private static string SummaryFeed(params (string Guid, string Link)[] items)
    {
        var xml = new System.Text.StringBuilder("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title><link>http://127.0.0.1/</link><description>t</description>""");
        foreach (var (guid, link) in items)
            xml.Append($"<item><guid>{guid}</guid><title>સમાચાર {guid}</title><link>{System.Security.SecurityElement.Escape(link)}</link>")
               .Append($"<description>આ સમાચારનો એક વાક્યનો સારાંશ છે, {guid}…</description></item>");
        return xml.Append("</channel></rss>").ToString();
    }

    private void ServePage(string path, string name, string contentType = "text/html")
    {
        var bytes = PageSet.Html(name);
        Feeds.Handle(path, async context =>
        {
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(bytes);
        });
    }

    /// <summary>A feed of items k0, k1, … whose pages (/slow/0, /slow/1, …) each take <paramref name="delay"/> to answer.</summary>
    private void ServeSlowPages(int count, TimeSpan delay)
    {
        for (var i = 0; i < count; i++)
        {
            ServePage($"/slow/{i}", Pages[i % Pages.Length]);
            Feeds.Delay($"/slow/{i}", delay);
        }
        ServeOneFeed("/feed.xml", SummaryFeed(Enumerable.Range(0, count).Select(i => ($"k{i}", Feeds.Url($"/slow/{i}"))).ToArray()));
    }

    private async Task<JsonElement> WaitForArticleAsync(RunningService service, string guid, Func<JsonElement, bool> condition, TimeSpan? timeout = null)
    {
        var id = Indexer.Articles.ArticleFactory.ArticleId("local", "guid:" + guid);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            using var response = await service.Client.GetAsync($"/articles/{id}");
            if (response.IsSuccessStatusCode)
            {
                var article = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (condition(article)) return article;
                if (DateTime.UtcNow > deadline) Assert.Fail($"article {guid} never got there: {article}");
            }
            else if (DateTime.UtcNow > deadline) Assert.Fail($"article {guid} was never stored");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_summary_only_feed_is_found_by_words_from_the_last_paragraph_of_its_stories()
    {
        for (var i = 0; i < Pages.Length; i++)
            ServePage($"/news/{i}", Pages[i]);
        ServeOneFeed("/feed.xml", SummaryFeed(Pages.Select((_, i) => ($"s{i}", Feeds.Url($"/news/{i}"))).ToArray()));
        await using var service = await StartServiceAsync(AllowLocalPages);

        for (var i = 0; i < Pages.Length; i++)
        {
            var story = PageSet.Story(Pages[i]);
            // A phrase from the last paragraph: nowhere in the feed, only on the page.
            var phrase = string.Join(' ', story[^1].Split(' ').Skip(2).Take(3));
            var hits = await service.WaitForHitsAsync($"\"{phrase}\"", TimeSpan.FromSeconds(30));
            Assert.Contains(hits.GetProperty("hits").EnumerateArray(), h => h.GetProperty("title").GetString() == $"સમાચાર s{i}");

            var article = await WaitForArticleAsync(service, $"s{i}", a => a.GetProperty("bodySource").GetString() == "page");
            Assert.Equal(story, article.GetProperty("body").GetString()!.Split('\n'));
            Assert.Equal($"આ સમાચારનો એક વાક્યનો સારાંશ છે, s{i}…", article.GetProperty("summary").GetString());
            Assert.True(article.GetProperty("extractedAt").ValueKind == JsonValueKind.String);
            Assert.Equal(JsonValueKind.Null, article.GetProperty("extractionError").ValueKind);
        }
        var first = await WaitForArticleAsync(service, "s0", _ => true);
        Assert.Equal("https://samachar.example/images/sulawesi-tsunami.jpg", first.GetProperty("imageUrl").GetString());
        Assert.Equal("https://samachar.example/duniya/sulawesi-tsunami-384", first.GetProperty("canonicalUrl").GetString());
        Assert.Equal("રાજેશ પટેલ", first.GetProperty("author").GetString());
        Assert.Equal("https://samachar.example/images/sulawesi-tsunami.jpg",
            (await service.WaitForHitsAsync("સુનામી")).GetProperty("hits")[0].GetProperty("imageUrl").GetString());

        // The feed is polled every second; its unchanged items' pages are not fetched again.
        var polls = Feeds.Hits("/feed.xml");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Feeds.Hits("/feed.xml") < polls + 2 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.All(Enumerable.Range(0, Pages.Length), i => Assert.Equal(1, Feeds.Hits($"/news/{i}")));
        var feed = (await service.GetJsonAsync("/feeds"))[0];
        Assert.Equal((0, 0), (feed.GetProperty("pagesPending").GetInt64(), feed.GetProperty("pagesFailed").GetInt64()));
        var metrics = await service.Client.GetStringAsync("/metrics");
        Assert.Contains($"indexer_page_fetches_total{{feed=\"local\",outcome=\"extracted\"}} {Pages.Length}", metrics);
        Assert.Contains("indexer_page_extraction_duration_seconds_count", metrics);
    }

    [Fact]
    public async Task A_hostile_feed_linking_to_private_addresses_gets_no_request_through_by_default()
    {
        ServePage("/secret", Pages[0]);
        ServeOneFeed("/feed.xml", SummaryFeed(("local", Feeds.Url("/secret")), ("metadata", "http://169.254.169.254/latest/meta-data/"),
            ("v6", "http://[::ffff:127.0.0.1]:" + new Uri(Feeds.BaseUrl).Port + "/secret")));
        await using var service = await StartServiceAsync();

        foreach (var guid in new[] { "local", "metadata", "v6" })
        {
            var article = await WaitForArticleAsync(service, guid, a => a.GetProperty("extractionError").ValueKind == JsonValueKind.String);
            Assert.StartsWith("blocked:", article.GetProperty("extractionError").GetString());
            Assert.Contains("Fetching:AllowPrivatePages", article.GetProperty("extractionError").GetString());
            Assert.Equal("feed", article.GetProperty("bodySource").GetString());
        }
        // Refused is final: no retries, reported per feed, and not one request reached the server.
        var feed = (await service.GetJsonAsync("/feeds"))[0];
        Assert.Equal((0, 3), (feed.GetProperty("pagesPending").GetInt64(), feed.GetProperty("pagesFailed").GetInt64()));
        Assert.Equal(0, Feeds.Hits("/secret") + Feeds.Hits("/robots.txt"));
    }

    [Fact]
    public async Task A_failing_page_is_retried_with_back_off_then_left_with_the_feed_text_and_the_reason()
    {
        Feeds.Serve("/gone", "not here", "text/plain", status: 404);
        Feeds.Serve("/pdf", "%PDF-1.4", "application/pdf");
        ServeOneFeed("/feed.xml", SummaryFeed(("gone", Feeds.Url("/gone")), ("pdf", Feeds.Url("/pdf"))));
        await using var service = await StartServiceAsync(AllowLocalPages, "--Pages:MaxAttempts=3", "--Pages:RetryDelay=00:00:00.2");

        var gone = await WaitForArticleAsync(service, "gone", _ => Feeds.Hits("/gone") >= 3 && Feeds.Hits("/pdf") >= 3);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement feed;
        while ((feed = (await service.GetJsonAsync("/feeds"))[0]).GetProperty("pagesFailed").GetInt64() < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal((0, 2), (feed.GetProperty("pagesPending").GetInt64(), feed.GetProperty("pagesFailed").GetInt64()));
        gone = await WaitForArticleAsync(service, "gone", _ => true);
        Assert.Equal("HTTP 404 Not Found", gone.GetProperty("extractionError").GetString());
        Assert.Equal(("feed", "આ સમાચારનો એક વાક્યનો સારાંશ છે, gone…"), (gone.GetProperty("bodySource").GetString(), gone.GetProperty("body").GetString()));
        Assert.StartsWith("not an HTML page (application/pdf)", (await WaitForArticleAsync(service, "pdf", _ => true)).GetProperty("extractionError").GetString());
        await Task.Delay(1000);
        Assert.Equal((3, 3), (Feeds.Hits("/gone"), Feeds.Hits("/pdf")));
        Assert.Contains("indexer_page_fetches_total{feed=\"local\",outcome=\"fetch-failed\"} 3", await service.Client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Without_the_internet_the_default_config_starts_and_pages_fail_per_feed_without_stopping_anything()
    {
        // An unresolvable publisher: what every internet link is on an offline machine.
        ServeOneFeed("/feed.xml", SummaryFeed(("away", "https://news.invalid/story")));
        await using var service = await StartServiceAsync("--Pages:MaxAttempts=1");
        var article = await WaitForArticleAsync(service, "away", a => a.GetProperty("extractionError").ValueKind == JsonValueKind.String);
        Assert.Contains("news.invalid", article.GetProperty("extractionError").GetString());
        Assert.Equal(1, (await service.GetJsonAsync("/feeds"))[0].GetProperty("pagesFailed").GetInt64());
        await service.WaitForHitsAsync("સારાંશ");
        Assert.Equal(200, (int)(await service.Client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_kill_9_in_the_middle_of_the_queue_loses_no_page_and_fetches_no_completed_page_again()
    {
        const int count = 6;
        ServeSlowPages(count, TimeSpan.FromMilliseconds(700));
        var settings = new Dictionary<string, string>
        {
            ["Fetching__AllowPrivatePages"] = "true",
            ["Pages__Concurrency"] = "1",
            ["Pages__Lease"] = "00:00:02",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };

        HashSet<string> completed;
        await using (var first = await ServiceProcess.StartAsync(Config.Path, Data.Path, settings))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((completed = await PagedAsync(first)).Count < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "no two pages were extracted in time: " + first.Output);
                await Task.Delay(50);
            }
            first.Kill();
        }
        Assert.True(completed.Count < count, "every page was done before the kill; the test proves nothing");

        await using var second = await ServiceProcess.StartAsync(Config.Path, Data.Path, settings);
        var end = DateTime.UtcNow.AddSeconds(60);
        while ((await PagedAsync(second)).Count < count)
        {
            Assert.True(DateTime.UtcNow < end, "the pages left in the queue were not all fetched after the restart: " + second.Output);
            await Task.Delay(100);
        }
        for (var i = 0; i < count; i++)
        {
            // Done before the kill: never again. In flight at the kill: once more at most.
            var hits = Feeds.Hits($"/slow/{i}");
            if (completed.Contains($"k{i}")) Assert.Equal(1, hits);
            else Assert.InRange(hits, 1, 2);
        }
    }

    [Fact]
    public async Task Pages_still_queued_when_the_operator_sets_the_feed_to_fullText_never_are_dropped_unread_and_keep_the_feed_text()
    {
        const int count = 5;
        ServeSlowPages(count, TimeSpan.FromSeconds(2));
        int Requested() => Enumerable.Range(0, count).Sum(i => Feeds.Hits($"/slow/{i}"));
        await using var service = await StartServiceAsync(AllowLocalPages, "--Pages:Concurrency=1");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Requested() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no page was requested in time");
            await Task.Delay(20);
        }

        // The feed stops answering, so no new poll of its items takes them off the queue: only the operator's edit can.
        Feeds.Serve("/feed.xml", "gone", "text/plain", status: 404);
        Config.Write("feeds.json", $$"""{"feeds": [{"id": "local", "url": "{{Feeds.Url("/feed.xml")}}", "interval": "00:00:01", "fullText": "never"}]}""");
        JsonElement feed;
        deadline = DateTime.UtcNow.AddSeconds(30);
        while ((feed = (await service.GetJsonAsync("/feeds"))[0]).GetProperty("pagesPending").GetInt64() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"pages were still queued 30 s after the edit: {feed}");
            await Task.Delay(100);
        }
        // The page in flight at the edit, and one claimed before the new list arrived, at most.
        Assert.InRange(Requested(), 1, 2);
        Assert.Equal(0, feed.GetProperty("pagesFailed").GetInt64());
        foreach (var unread in Enumerable.Range(0, count).Where(i => Feeds.Hits($"/slow/{i}") == 0))
        {
            var article = await WaitForArticleAsync(service, $"k{unread}", _ => true);
            Assert.Equal(("feed", JsonValueKind.Null), (article.GetProperty("bodySource").GetString(), article.GetProperty("extractionError").ValueKind));
        }
        await Task.Delay(1000);
        Assert.InRange(Requested(), 1, 2);
    }

    [Fact]
    public async Task A_page_waiting_to_retry_is_dropped_as_soon_as_its_feed_is_set_to_fullText_never()
    {
        Feeds.Serve("/gone", "not here", "text/plain", status: 404);
        ServeOneFeed("/feed.xml", SummaryFeed(("gone", Feeds.Url("/gone"))));
        await using var service = await StartServiceAsync(AllowLocalPages, "--Pages:RetryDelay=00:10:00");
        await WaitForArticleAsync(service, "gone", a => a.GetProperty("extractionError").ValueKind == JsonValueKind.String);

        // Ten minutes from its retry; the edit takes it off the queue now.
        Config.Write("feeds.json", $$"""{"feeds": [{"id": "local", "url": "{{Feeds.Url("/feed.xml")}}", "interval": "00:00:01", "fullText": "never"}]}""");
        JsonElement feed;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((feed = (await service.GetJsonAsync("/feeds"))[0]).GetProperty("pagesPending").GetInt64() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the page waiting to retry was still queued 30 s after the edit: {feed}");
            await Task.Delay(100);
        }
        Assert.Equal((0, 1), (feed.GetProperty("pagesFailed").GetInt64(), Feeds.Hits("/gone")));
    }

    [Fact]
    public async Task A_clean_stop_in_the_middle_of_the_queue_finishes_the_pages_in_flight_so_a_restart_fetches_none_twice()
    {
        const int count = 4;
        ServeSlowPages(count, TimeSpan.FromSeconds(1.5));
        int Requested() => Enumerable.Range(0, count).Sum(i => Feeds.Hits($"/slow/{i}"));

        await using (var first = await StartServiceAsync(AllowLocalPages, "--Pages:Concurrency=1"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Requested() == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "no page was requested in time");
                await Task.Delay(20);
            }
        } // Stopped as SIGTERM stops it, with one page answering slowly.

        // The default lease is a minute: a page abandoned at the stop would wait that long and be fetched again.
        await using var second = await StartServiceAsync(AllowLocalPages, "--Pages:Concurrency=1");
        for (var i = 0; i < count; i++)
            await WaitForArticleAsync(second, $"k{i}", a => a.GetProperty("bodySource").GetString() == "page", TimeSpan.FromSeconds(40));
        Assert.All(Enumerable.Range(0, count), i => Assert.Equal(1, Feeds.Hits($"/slow/{i}")));
    }

    [Fact]
    public async Task SIGTERM_to_the_service_process_stores_the_page_in_flight_before_it_exits()
    {
        // A page slower than System.CommandLine's 2 s of grace after a signal, well within the host's 30 s.
        ServeSlowPages(2, TimeSpan.FromSeconds(4));
        var settings = new Dictionary<string, string>
        {
            ["Fetching__AllowPrivatePages"] = "true",
            ["Pages__Concurrency"] = "1",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        int inFlight;
        await using (var first = await ServiceProcess.StartAsync(Config.Path, Data.Path, settings))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((inFlight = Feeds.Hits("/slow/0") > 0 ? 0 : Feeds.Hits("/slow/1") > 0 ? 1 : -1) < 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "no page was requested in time: " + first.Output);
                await Task.Delay(20);
            }
            Assert.Equal(0, await first.TerminateAsync(TimeSpan.FromSeconds(60)));
        }

        // The stopped process wrote the story itself: the restart finds it stored, with no new request for it
        // (the page's lease, a minute by default, would otherwise hold it back that long).
        await using var second = await ServiceProcess.StartAsync(Config.Path, Data.Path, settings);
        var article = await second.GetJsonAsync("/articles/" + Indexer.Articles.ArticleFactory.ArticleId("local", $"guid:k{inFlight}"));
        Assert.Equal("page", article.GetProperty("bodySource").GetString());
    }

    /// <summary>
    /// The cluster's per-host cap (what reaches the store on every fetch) failing for the calls chosen: the first call
    /// is the feed's fetch (once an hour here), the second the robots.txt fetch of the page's host.
    /// </summary>
    private sealed class FailingHostLimit(Func<int, Exception?> failure) : Indexer.Feeds.Fetching.ISharedHostLimit
    {
        private int _calls;

        public Task<IAsyncDisposable> EnterAsync(string host, int slots, CancellationToken cancellationToken) =>
            failure(Interlocked.Increment(ref _calls)) is { } e ? Task.FromException<IAsyncDisposable>(e) : Task.FromResult<IAsyncDisposable>(new Nothing());

        private sealed class Nothing : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private Task<RunningService> StartWithHostLimitAsync(Func<int, Exception?> failure, params string[] settings)
    {
        ServePage("/news/0", Pages[0]);
        Feeds.Serve("/feed.xml", SummaryFeed(("s0", Feeds.Url("/news/0"))));
        Config.Write("feeds.json", $$"""{"feeds": [{"id": "local", "url": "{{Feeds.Url("/feed.xml")}}", "interval": "01:00:00"}]}""");
        return RunningService.StartAsync(Config.Path, Data.Path,
            services => services.AddSingleton<Indexer.Feeds.Fetching.ISharedHostLimit>(new FailingHostLimit(failure)), [AllowLocalPages, .. settings]);
    }

    public static TheoryData<string> StoreOutages => ["postgres", "sqlite"];

    private static Exception StoreOutage(string provider) => provider == "postgres"
        ? new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5542", new System.Net.Sockets.SocketException(111))
        : new Microsoft.Data.Sqlite.SqliteException("database is locked", 5);

    [Theory]
    [MemberData(nameof(StoreOutages))]
    public async Task A_store_outage_while_the_robots_txt_of_a_host_is_fetched_delays_its_pages_and_costs_them_no_try(string provider)
    {
        // One try per page: were the store's failure counted against the page, it would be given up unread.
        await using var service = await StartWithHostLimitAsync(call => call == 2 ? StoreOutage(provider) : null, "--Pages:MaxAttempts=1");

        var article = await WaitForArticleAsync(service, "s0", a => a.GetProperty("bodySource").GetString() == "page");
        Assert.Equal(JsonValueKind.Null, article.GetProperty("extractionError").ValueKind);
        Assert.Equal((1, 1), (Feeds.Hits("/robots.txt"), Feeds.Hits("/news/0")));
        var feed = (await service.GetJsonAsync("/feeds"))[0];
        Assert.Equal((0, 0), (feed.GetProperty("pagesPending").GetInt64(), feed.GetProperty("pagesFailed").GetInt64()));
    }

    [Fact]
    public async Task A_page_whose_processing_throws_is_a_failed_try_and_is_given_up_after_MaxAttempts_with_the_error()
    {
        await using var service = await StartWithHostLimitAsync(call => call >= 2 ? new InvalidOperationException("the host cap broke") : null,
            "--Pages:MaxAttempts=2", "--Pages:RetryDelay=00:00:00.2");

        var article = await WaitForArticleAsync(service, "s0", a => a.GetProperty("extractionError").ValueKind == JsonValueKind.String);
        Assert.Contains("the host cap broke", article.GetProperty("extractionError").GetString());
        Assert.Equal("feed", article.GetProperty("bodySource").GetString());
        JsonElement feed;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((feed = (await service.GetJsonAsync("/feeds"))[0]).GetProperty("pagesFailed").GetInt64() < 1 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal((0, 1), (feed.GetProperty("pagesPending").GetInt64(), feed.GetProperty("pagesFailed").GetInt64()));
        Assert.Equal(0, Feeds.Hits("/news/0"));
    }

    /// <summary>The guids of the articles whose body is already their page's story.</summary>
    private static async Task<HashSet<string>> PagedAsync(ServiceProcess service)
    {
        var paged = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            var id = Indexer.Articles.ArticleFactory.ArticleId("local", $"guid:k{i}");
            using var response = await service.Client.GetAsync($"/articles/{id}");
            if (response.IsSuccessStatusCode
                && JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("bodySource").GetString() == "page")
                paged.Add($"k{i}");
        }
        return paged;
    }
}
