using System.Text;
using Indexer.Feeds.Discovery;
using Indexer.Feeds.Fetching;
using Indexer.Feeds.Parsing;
using Indexer.Feeds.Tests.Fetching;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Indexer.Feeds.Tests.Discovery;

/// <summary>Discovery against a local site whose pages and feeds each test lays out.</summary>
public sealed class FeedDiscovererTests : IAsyncDisposable
{
    private const string Rss = """<rss version="2.0"><channel><title>ગુજરાત સમાચાર</title><item><title>એક</title></item><item><title>બે</title></item></channel></rss>""";
    private const string Atom = """<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom ફીડ</title><entry><title>એક</title><id>a</id></entry></feed>""";
    private const string Json = """{"version": "https://jsonfeed.org/version/1.1", "title": "JSON ફીડ", "items": [{"id": "1", "content_text": "એક"}]}""";

    private readonly Dictionary<string, (string Body, string Type)> _site = [];
    private readonly List<IDisposable> _owned = [];
    private TestFeedServer? _server;

    public async ValueTask DisposeAsync()
    {
        _owned.ForEach(d => d.Dispose());
        if (_server is not null) await _server.DisposeAsync();
    }

    private async Task<TestFeedServer> ServeAsync()
    {
        _server = await TestFeedServer.StartAsync(async context =>
        {
            if (!_site.TryGetValue(context.Request.Path + context.Request.QueryString, out var page))
            {
                context.Response.StatusCode = 404;
                return;
            }
            context.Response.ContentType = page.Type;
            await context.Response.WriteAsync(page.Body);
        });
        return _server;
    }

    private FeedDiscoverer Discoverer(bool allowPrivateNetworks = true)
    {
        var options = new FetchingOptions { Timeout = TimeSpan.FromSeconds(5), AllowPrivateNetworks = allowPrivateNetworks };
        var client = new HttpClient(FeedHttpHandlerFactory.Create(options));
        var fetcher = new FeedFetcher(client, Options.Create(options));
        _owned.Add(client);
        _owned.Add(fetcher);
        return new FeedDiscoverer(fetcher, new FeedParser());
    }

    private static string Page(string head) => $"<!DOCTYPE html><html><head><title>site</title>{head}</head><body>news</body></html>";

    [Fact]
    public async Task The_feeds_a_page_declares_are_checked_and_listed_in_page_order()
    {
        var server = await ServeAsync();
        _site["/"] = (Page($"""
            <link rel="stylesheet" type="text/css" href="/style.css">
            <link rel="alternate" type="application/rss+xml" title="RSS" href="rss/news.xml">
            <link rel="alternate" type="application/atom+xml" href="{server.Url("/atom")}">
            <link rel="alternate feed" type="application/feed+json" href="/feed.json">
            <link rel="alternate" type="application/rss+xml" href="/gone.xml">
            <link rel="alternate" hreflang="en" href="/en/">
            """), "text/html; charset=utf-8");
        _site["/rss/news.xml"] = (Rss, "application/rss+xml");
        _site["/atom"] = (Atom, "application/atom+xml");
        _site["/feed.json"] = (Json, "application/feed+json");

        var result = await Discoverer().DiscoverAsync(server.Url("/"), CancellationToken.None);

        Assert.Equal(
            [(server.Url("/rss/news.xml"), "ગુજરાત સમાચાર", 2), (server.Url("/atom"), "Atom ફીડ", 1), (server.Url("/feed.json"), "JSON ફીડ", 1)],
            result.Feeds.Select(f => (f.Url, f.Title, f.Items)));
        Assert.All(result.Feeds, f => Assert.Equal(DiscoverySource.Declared, f.Source));
        var miss = Assert.Single(result.Misses);
        Assert.Equal(server.Url("/gone.xml"), miss.Url);
        Assert.Contains("404", miss.Reason);
    }

    [Fact]
    public async Task Without_a_declared_feed_the_usual_paths_are_tried()
    {
        var server = await ServeAsync();
        _site["/blog/"] = (Page(""), "text/html");
        _site["/index.xml"] = (Rss, "application/rss+xml");
        _site["/feed"] = (Page(""), "text/html");

        var result = await Discoverer().DiscoverAsync(server.Url("/blog/"), CancellationToken.None);

        var feed = Assert.Single(result.Feeds);
        Assert.Equal((server.Url("/index.xml"), DiscoverySource.UsualPath, "RSS 2.0"), (feed.Url, feed.Source, feed.Format));
    }

    [Fact]
    public async Task A_base_element_decides_where_relative_links_point()
    {
        var server = await ServeAsync();
        _site["/"] = (Page("""<base href="/news/"><link rel="alternate" type="application/rss+xml" href="rss.xml">"""), "text/html");
        _site["/news/rss.xml"] = (Rss, "text/xml");
        Assert.Equal(server.Url("/news/rss.xml"), Assert.Single((await Discoverer().DiscoverAsync(server.Url("/"), CancellationToken.None)).Feeds).Url);
    }

    [Fact]
    public async Task An_address_that_is_a_feed_is_its_own_answer()
    {
        var server = await ServeAsync();
        _site["/rss.xml"] = (Rss, "application/rss+xml");
        var feed = Assert.Single((await Discoverer().DiscoverAsync(server.Url("/rss.xml"), CancellationToken.None)).Feeds);
        Assert.Equal((DiscoverySource.Given, 2), (feed.Source, feed.Items));
    }

    [Fact]
    public async Task A_site_that_cannot_be_fetched_says_why()
    {
        var server = await ServeAsync();
        var error = await Assert.ThrowsAsync<DiscoveryException>(() => Discoverer().DiscoverAsync(server.Url("/missing"), CancellationToken.None));
        Assert.Contains("404", error.Message);
    }

    [Fact]
    public async Task The_private_address_guard_applies_as_it_does_to_feeds()
    {
        var server = await ServeAsync();
        _site["/"] = (Page("""<link rel="alternate" type="application/rss+xml" href="/rss.xml">"""), "text/html");
        var error = await Assert.ThrowsAsync<DiscoveryException>(() => Discoverer(allowPrivateNetworks: false).DiscoverAsync(server.Url("/"), CancellationToken.None));
        Assert.Contains("private", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
