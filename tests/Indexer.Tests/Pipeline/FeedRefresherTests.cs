using Indexer.Configuration;
using Indexer.Feeds;
using Indexer.Feeds.Parsing;
using Indexer.Hosting;
using Indexer.Pipeline;
using Indexer.Storage;
using Indexer.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Indexer.Tests.Pipeline;

/// <summary>
/// One feed through fetch → parse → store against a publisher on 127.0.0.1 that misbehaves, asserting what was
/// requested, what was stored and what the feed's state says (which is what GET /feeds shows).
/// </summary>
public sealed class FeedRefresherTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private LocalFeedServer _server = null!;
    private ServiceProvider _services = null!;
    private readonly Prometheus.CollectorRegistry _metrics = Prometheus.Metrics.NewCustomRegistry();

    private IArticleStore Store => _services.GetRequiredService<IArticleStore>();
    private FeedRefresher Refresher => _services.GetRequiredService<FeedRefresher>();

    public async Task InitializeAsync()
    {
        _server = await LocalFeedServer.StartAsync();
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scheduling:MaxBackoff"] = "00:10:00",
            ["Scheduling:MinInterval"] = "00:00:10",
            ["Scheduling:MaxInterval"] = "00:30:00",
            ["Fetching:Timeout"] = "00:00:05",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddFeedFetching(settings)
            .AddSingleton(TimeProvider.System)
            .AddStorage(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = _data.Path,
            }).Build())
            .AddSingleton<FeedBackoff>()
            .AddSingleton<PollingInterval>()
            .AddSingleton(new Indexer.Metrics.IndexerMetrics(_metrics))
            .AddSingleton<FeedRefresher>();
        services.AddOptions<SchedulingOptions>().Bind(settings.GetSection(SchedulingOptions.Section));
        _services = services.BuildServiceProvider();
        await _services.GetRequiredService<IStoreSchema>().MigrateAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private FeedDefinition Feed(string path, bool auto = false) => new()
    {
        Id = "f", Url = new Uri(_server.Url(path)), Interval = auto ? null : TimeSpan.FromMinutes(1), Auto = auto,
    };

    [Fact]
    public async Task A_304_sends_the_stored_validators_and_stores_nothing_new()
    {
        _server.Handle("/etag.xml", async context =>
        {
            if (context.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                context.Response.StatusCode = 304;
                return;
            }
            context.Response.Headers.ETag = "\"v1\"";
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(TestData.Rss(("a", "શીર્ષક", "લખાણ")));
        });

        var first = await Refresher.RefreshAsync(Feed("/etag.xml"), default);
        Assert.Equal(("fetched", 1, "\"v1\""), (first.LastStatus, first.LastNewCount, first.ETag));

        var second = await Refresher.RefreshAsync(Feed("/etag.xml"), default);
        Assert.Equal("\"v1\"", _server.RequestsTo("/etag.xml")[^1].IfNoneMatch.ToString());
        Assert.Equal(("not-modified", 304, 0), (second.LastStatus, second.LastHttpStatus, second.LastNewCount));
        Assert.Equal(1, await Store.GetLastSequenceAsync(default));
    }

    [Fact]
    public async Task Failures_back_off_exponentially_honour_retry_after_and_a_success_resets_them()
    {
        _server.Serve("/down.xml", "busy", "text/plain", 500);
        var before = DateTimeOffset.UtcNow;
        var one = await Refresher.RefreshAsync(Feed("/down.xml"), default);
        var two = await Refresher.RefreshAsync(Feed("/down.xml"), default);
        Assert.Equal(2, two.ConsecutiveFailures);
        Assert.Contains("500", two.LastError);
        Assert.True(two.NotBefore - two.LastFetchedAt > one.NotBefore - one.LastFetchedAt, "the second wait should be longer");

        _server.Handle("/down.xml", context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = "3600";
            return Task.CompletedTask;
        });
        var three = await Refresher.RefreshAsync(Feed("/down.xml"), default);
        Assert.True(three.NotBefore >= before.AddSeconds(3600), $"Retry-After ignored: {three.NotBefore}");
        Assert.Contains("503", three.LastError);

        _server.Serve("/down.xml", TestData.Rss(("a", "શીર્ષક", "લખાણ")));
        var recovered = await Refresher.RefreshAsync(Feed("/down.xml"), default);
        Assert.Equal((0, (string?)null, (DateTimeOffset?)null), (recovered.ConsecutiveFailures, recovered.LastError, recovered.NotBefore));
    }

    [Fact]
    public async Task A_salvaged_document_is_stored_as_fetched_with_a_warning_until_a_clean_one_comes()
    {
        var whole = TestData.Rss(("a", "એક", "પહેલું"), ("b", "બે", "બીજું"));
        _server.Handle("/cut.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            context.Response.Headers.ETag = "\"cut\"";
            if (context.Request.Headers.IfNoneMatch == "\"cut\"") { context.Response.StatusCode = 304; return; }
            await context.Response.WriteAsync(whole[..(whole.IndexOf("<item><guid>b", StringComparison.Ordinal) + 20)]);
        });
        var cut = await Refresher.RefreshAsync(Feed("/cut.xml"), default);
        Assert.Equal(("fetched", 1, (string?)null), (cut.LastStatus, cut.LastNewCount, cut.LastError));
        Assert.StartsWith("the document is cut off", cut.LastWarning);

        // The same document again (304): still the document with the problem.
        var again = await Refresher.RefreshAsync(Feed("/cut.xml"), default);
        Assert.Equal(("not-modified", cut.LastWarning), (again.LastStatus, again.LastWarning));

        _server.Serve("/cut.xml", whole);
        var clean = await Refresher.RefreshAsync(Feed("/cut.xml"), default);
        Assert.Equal(("fetched", 1, (string?)null), (clean.LastStatus, clean.LastNewCount, clean.LastWarning));
    }

    [Fact]
    public async Task A_json_feed_with_a_null_item_stores_the_others_and_names_it_in_the_warning()
    {
        _server.Serve("/null-item.json", """
            {"version":"https://jsonfeed.org/version/1.1","title":"x",
             "items":[null,{"id":"jni-2","title":"સારી વસ્તુ","content_text":"બરાબર"}]}
            """, "application/feed+json");

        var state = await Refresher.RefreshAsync(Feed("/null-item.json"), default);

        Assert.Equal(("fetched", 1, (string?)null), (state.LastStatus, state.LastNewCount, state.LastError));
        Assert.Equal("JSON Feed read in part: items[0] is null, not an item (dropped)", state.LastWarning);
        Assert.Equal("jni-2", Assert.Single(await Store.ReadChangesAsync(0, 10, default)).Article!.Guid);
    }

    [Fact]
    public async Task An_item_dated_years_ahead_is_sorted_by_when_it_was_first_seen_and_named_in_the_warning()
    {
        var tomorrow = DateTimeOffset.UtcNow.AddHours(20);
        _server.Serve("/future.xml", $"""
            <rss version="2.0"><channel><title>t</title>
            <item><guid>f-1</guid><title>ભવિષ્ય</title><description>એક</description><pubDate>Thu, 01 Jan 2099 00:00:00 GMT</pubDate></item>
            <item><guid>f-2</guid><title>આવતીકાલ</title><description>બે</description><pubDate>{tomorrow:R}</pubDate></item>
            </channel></rss>
            """);

        var state = await Refresher.RefreshAsync(Feed("/future.xml"), default);

        Assert.Equal(("fetched", 2), (state.LastStatus, state.LastNewCount));
        Assert.Equal("1 item(s) dated in the future (the first: f-1, 2099-01-01); sorted by when they were first seen", state.LastWarning);
        var published = (await Store.ReadChangesAsync(0, 10, default)).ToDictionary(c => c.Article!.Guid!, c => c.Article!.Published);
        // A clock a few hours ahead (a publisher's wrong time zone) is believed.
        Assert.Equal((null, tomorrow.ToUnixTimeSeconds()), (published["f-1"], published["f-2"]?.ToUnixTimeSeconds()));
    }

    [Fact]
    public async Task Empty_items_are_left_out_with_a_warning_and_one_with_only_a_link_is_kept()
    {
        _server.Serve("/empty.xml", """
            <rss version="2.0"><channel><title>t</title>
            <item></item>
            <item><guid isPermaLink="false">only-guid</guid></item>
            <item><link>https://news.example/story</link></item>
            <item><guid>e-1</guid><title>સમાચાર</title></item>
            </channel></rss>
            """);

        var state = await Refresher.RefreshAsync(Feed("/empty.xml"), default);

        Assert.Equal(("fetched", 2), (state.LastStatus, state.LastNewCount));
        Assert.Equal("2 empty item(s) (no title, text or link) left out", state.LastWarning);
        var stored = (await Store.ReadChangesAsync(0, 10, default)).Select(c => c.Article!.Title).Order();
        Assert.Equal(["", "સમાચાર"], stored);
    }

    [Fact]
    public async Task A_feed_with_one_broken_item_stores_the_others_as_fetched_with_a_warning()
    {
        _server.Serve("/unclosed.xml", """
            <rss version="2.0"><channel><title>t</title>
            <item><guid>uc-1</guid><title>એક</title><description>પહેલું</description></item>
            <item><guid>uc-2</guid><title>બે <b>ઘાટું</title><description>x</description></item>
            <item><guid>uc-3</guid><title>ત્રણ</title><description>ત્રીજું</description></item>
            </channel></rss>
            """);

        var state = await Refresher.RefreshAsync(Feed("/unclosed.xml"), default);

        Assert.Equal(("fetched", 2, 0), (state.LastStatus, state.LastNewCount, state.ConsecutiveFailures));
        Assert.EndsWith("dropped item 2 of 3, which cannot be read on its own, and kept the other 2", state.LastWarning);
        Assert.Equal(["uc-1", "uc-3"], (await Store.ReadChangesAsync(0, 10, default)).Select(c => c.Article!.Guid));
    }

    [Fact]
    public async Task An_unexpected_error_after_the_fetch_fails_the_feed_with_back_off_and_metrics_like_any_failure()
    {
        _server.Serve("/any.xml", TestData.Rss(("a", "શીર્ષક", "લખાણ")));
        // The next parser bug a publisher's document finds, whatever it is.
        var refresher = ActivatorUtilities.CreateInstance<FeedRefresher>(_services, new BuggyParser());

        var first = await refresher.RefreshAsync(Feed("/any.xml"), default);
        var second = await refresher.RefreshAsync(Feed("/any.xml"), default);

        Assert.Equal(("failed", 1), (first.LastStatus, first.ConsecutiveFailures));
        Assert.Equal("internal error (logged with its stack trace): NullReferenceException: a parser bug", first.LastError);
        Assert.True(first.NotBefore > first.LastFetchedAt, "no back-off");
        // What GET /feeds shows; and the body was not taken as read, so the same document is not "unchanged".
        var saved = await _services.GetRequiredService<IFeedStateStore>().GetAsync("f", default);
        Assert.Equal(("failed", 2, second.LastError), (saved!.LastStatus, saved.ConsecutiveFailures, saved.LastError));
        Assert.True(second.NotBefore - second.LastFetchedAt > first.NotBefore - first.LastFetchedAt, "the second wait should be longer");
        using var scrape = new MemoryStream();
        await _metrics.CollectAndExportAsTextAsync(scrape);
        Assert.Contains("indexer_feed_fetches_total{feed=\"f\",outcome=\"failed\"} 2", System.Text.Encoding.UTF8.GetString(scrape.ToArray()).Split('\n'));
    }

    private sealed class BuggyParser : IFeedParser
    {
        public ParsedFeed Parse(byte[] content, Uri feedUrl, string? contentType) => throw new NullReferenceException("a parser bug");
    }

    [Fact]
    public async Task Back_off_never_exceeds_the_configured_maximum()
    {
        _server.Serve("/down.xml", "no", "text/plain", 500);
        FeedState state = null!;
        for (var i = 0; i < 8; i++) state = await Refresher.RefreshAsync(Feed("/down.xml"), default);
        Assert.Equal(8, state.ConsecutiveFailures);
        Assert.True(state.NotBefore - state.LastFetchedAt <= TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task A_permanent_redirect_moves_the_feed_and_a_temporary_one_does_not()
    {
        _server.Handle("/old.xml", context => { context.Response.StatusCode = 301; context.Response.Headers.Location = "/new.xml"; return Task.CompletedTask; });
        _server.Handle("/tmp.xml", context => { context.Response.StatusCode = 302; context.Response.Headers.Location = "/new.xml"; return Task.CompletedTask; });
        _server.Serve("/new.xml", TestData.Rss(("a", "શીર્ષક", "લખાણ")));

        var moved = await Refresher.RefreshAsync(Feed("/old.xml"), default);
        Assert.Equal(_server.Url("/new.xml"), moved.RedirectUrl);
        await Refresher.RefreshAsync(Feed("/old.xml"), default);
        Assert.Equal(1, _server.Hits("/old.xml"));
        Assert.Equal(2, _server.Hits("/new.xml"));

        // The operator points the feed elsewhere: the old redirect no longer applies.
        _server.Serve("/other.xml", TestData.Rss(("b", "શીર્ષક", "લખાણ")));
        var repointed = await Refresher.RefreshAsync(Feed("/other.xml"), default);
        Assert.Null(repointed.RedirectUrl);
        Assert.Equal(1, _server.Hits("/other.xml"));

        var temporary = await Refresher.RefreshAsync(Feed("/tmp.xml") with { Id = "g" }, default);
        Assert.Null(temporary.RedirectUrl);
        await Refresher.RefreshAsync(Feed("/tmp.xml") with { Id = "g" }, default);
        Assert.Equal(2, _server.Hits("/tmp.xml"));
    }

    [Fact]
    public async Task A_page_that_is_not_a_feed_is_an_error_that_says_so()
    {
        _server.Serve("/page", "<!DOCTYPE html><html><body>Login</body></html>", "text/html");
        var state = await Refresher.RefreshAsync(Feed("/page"), default);
        Assert.Equal("failed", state.LastStatus);
        Assert.Contains("not a feed", state.LastError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_item_with_a_new_guid_on_every_fetch_is_one_article_counted_new_once()
    {
        // audit9 F6c: the publisher makes a new guid for every request; the link, title and text stay the same.
        var requests = 0;
        _server.Handle("/guidchange.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync($"""
                <rss version="2.0"><channel><title>t</title>
                <item><guid>gc-{Interlocked.Increment(ref requests)}</guid><link>{_server.Url("/story/1")}</link><title>ગાઇડ બદલાય છે</title><description>એ જ વાત</description></item>
                </channel></rss>
                """);
        });

        var counted = new List<(int New, int Updated)>();
        for (var fetch = 0; fetch < 3; fetch++)
        {
            var state = await Refresher.RefreshAsync(Feed("/guidchange.xml"), default);
            counted.Add((state.LastNewCount, state.LastUpdatedCount));
        }

        Assert.Equal([(1, 0), (0, 0), (0, 0)], counted);
        Assert.Equal(1, (await Store.CountArticlesByFeedAsync(default))["f"]);
        // One change for the index, the page worker and the alerts to follow: an alert matches the story once.
        Assert.Equal("gc-1", Assert.Single(await Store.ReadChangesAsync(0, 10, default)).Article!.Guid);
    }

    [Fact]
    public async Task An_item_without_a_usable_date_is_stored_without_one()
    {
        _server.Serve("/undated.xml", """
            <rss version="2.0"><channel><title>t</title>
              <item><guid>u1</guid><title>તારીખ વગર</title><pubDate>ગઈકાલે સાંજે</pubDate><description>લખાણ</description></item>
              <item><guid>u2</guid><title>IST</title><pubDate>Sat, 14 Sep 2024 10:15:00 IST</pubDate><description>લખાણ</description></item>
            </channel></rss>
            """);
        await Refresher.RefreshAsync(Feed("/undated.xml"), default);
        var changes = await Store.ReadChangesAsync(0, 10, default);
        Assert.Null(changes[0].Article!.Published);
        Assert.Equal(DateTimeOffset.Parse("2024-09-14T04:45:00Z"), changes[1].Article!.Published);
    }

    [Fact]
    public async Task An_auto_feed_waits_at_least_the_publishers_max_age()
    {
        _server.Handle("/auto.xml", async context =>
        {
            context.Response.Headers.CacheControl = "max-age=3600";
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(TestData.Rss(("a", "શીર્ષક", "લખાણ")));
        });
        var state = await Refresher.RefreshAsync(Feed("/auto.xml", auto: true), default);
        // One article a week would mean the 30 min maximum; the publisher asked for an hour.
        Assert.Equal(TimeSpan.FromHours(1), state.NotBefore - state.LastFetchedAt);
    }
}
