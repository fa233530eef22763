using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Indexer.Api;
using Indexer.Feeds.Parsing;
using Indexer.Tests.Support;

namespace Indexer.Tests.Api;

/// <summary>
/// /search.atom and /search.rss as a feed reader meets them: read back by the service's own feed parser, valid
/// against the Atom and RSS schemas, newest first, and cheap to poll with conditional requests.
/// </summary>
public sealed class SearchFeedTests : LocalServiceTest
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private const string FeedPath = "/news.json";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Feeds.Serve(FeedPath, JsonFeed(
            ("old", "રશિયાની જૂની વાત", "રશિયા વિશેનો જૂનો લેખ.", "2024-11-01T10:00:00Z", "કિરણ પટેલ"),
            ("new", "રશિયામાં <નવી> ચૂંટણી & પરિણામ", "રશિયામાં ચૂંટણીના પરિણામ આવ્યાં.", "2024-11-20T10:00:00Z", null),
            ("rain", "અમદાવાદમાં વરસાદ", "અમદાવાદમાં ભારે વરસાદ પડ્યો.", "2024-11-25T10:00:00Z", null)), "application/feed+json");
        Config.Write("feeds.json", $$"""{"feeds": [{"id": "local", "url": "{{Feeds.Url(FeedPath)}}", "interval": "00:00:01"}]}""");
    }

    [Theory]
    [InlineData("/search.atom", "atom 1.0", "application/atom+xml", "")]
    [InlineData("/search.rss", "rss 2.0", "application/rss+xml", "")]
    // An empty sort (a form that left its choice alone) is no sort: still newest first.
    [InlineData("/search.atom", "atom 1.0", "application/atom+xml", "&sort=")]
    public async Task A_search_is_a_valid_feed_newest_first_that_the_services_own_parser_reads_back(string path, string format, string mediaType, string more)
    {
        await using var service = await StartServiceAsync();
        await service.WaitForHitsAsync("અમદાવાદ");
        var search = await service.GetJsonAsync("/search?q=" + Uri.EscapeDataString("રશિયા") + "&sort=newest");

        using var response = await service.Client.GetAsync(path + "?q=" + Uri.EscapeDataString("રશિયા") + more);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Empty(FeedSchemas.Validate(bytes));

        var parsed = new FeedParser().Parse(bytes, new Uri(service.Client.BaseAddress!, path), response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith(format, parsed.Format, StringComparison.OrdinalIgnoreCase);
        // Newest first, whatever the relevance: the reader wants what is new.
        Assert.Equal(["રશિયામાં <નવી> ચૂંટણી & પરિણામ", "રશિયાની જૂની વાત"], parsed.Items.Select(i => i.Title));
        var hits = search.GetProperty("hits").EnumerateArray().ToList();
        for (var i = 0; i < hits.Count; i++)
        {
            var item = parsed.Items[i];
            Assert.Equal("urn:gujarati-news-indexer:article:" + hits[i].GetProperty("id").GetString(), item.Guid);
            Assert.Equal(hits[i].GetProperty("url").GetString(), item.Link);
            Assert.Equal(hits[i].GetProperty("published").GetDateTimeOffset(), item.Published);
        }
        Assert.Equal("કિરણ પટેલ", parsed.Items[1].Author);
        // The summary is the highlighted snippet: HTML with <mark>, which the parser reads back as text.
        Assert.Contains("રશિયામાં ચૂંટણીના પરિણામ", parsed.Items[0].Body);
        Assert.Contains("<mark>", Encoding.UTF8.GetString(bytes).Replace("&lt;mark&gt;", "<mark>"));
    }

    [Fact]
    public async Task Atom_entries_carry_updated_published_author_and_an_escaped_html_summary()
    {
        await using var service = await StartServiceAsync();
        await service.WaitForHitsAsync("અમદાવાદ");
        var feed = XDocument.Parse(await service.Client.GetStringAsync("/search.atom?q=" + Uri.EscapeDataString("ચૂંટણી")));
        var entry = Assert.Single(feed.Root!.Elements(Atom + "entry"));
        Assert.Equal("રશિયામાં <નવી> ચૂંટણી & પરિણામ", entry.Element(Atom + "title")!.Value);
        Assert.Equal("2024-11-20T10:00:00Z", entry.Element(Atom + "published")!.Value);
        Assert.NotNull(entry.Element(Atom + "updated"));
        var summary = entry.Element(Atom + "summary")!;
        Assert.Equal("html", summary.Attribute("type")!.Value);
        // Once escaped for HTML (the title's "<" in the body would be "&lt;"), then once for XML by the writer.
        Assert.Contains("<mark>ચૂંટણીના</mark>", summary.Value);
        Assert.Equal("alternate", entry.Element(Atom + "link")!.Attribute("rel")!.Value);
        Assert.Equal(feed.Root.Element(Atom + "updated")!.Value, entry.Element(Atom + "updated")!.Value);
        var self = feed.Root.Elements(Atom + "link").Single(l => l.Attribute("rel")!.Value == "self");
        Assert.EndsWith("/search.atom?q=" + Uri.EscapeDataString("ચૂંટણી"), self.Attribute("href")!.Value, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_reader_polling_with_etag_or_date_gets_304_until_a_new_article_matches()
    {
        await using var service = await StartServiceAsync();
        await service.WaitForHitsAsync("અમદાવાદ");
        var path = "/search.rss?q=" + Uri.EscapeDataString("રશિયા");
        using var first = await service.Client.GetAsync(path);
        var etag = first.Headers.ETag!;
        var lastModified = first.Content.Headers.LastModified!.Value;

        using (var byTag = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { IfNoneMatch = { etag } } })
        using (var answer = await service.Client.SendAsync(byTag))
        {
            Assert.Equal(HttpStatusCode.NotModified, answer.StatusCode);
            Assert.Equal(etag, answer.Headers.ETag);
            Assert.Empty(await answer.Content.ReadAsByteArrayAsync());
        }
        using (var byDate = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { IfModifiedSince = lastModified } })
        using (var answer = await service.Client.SendAsync(byDate))
            Assert.Equal(HttpStatusCode.NotModified, answer.StatusCode);
        // Another search is another feed, with its own validator.
        using (var other = new HttpRequestMessage(HttpMethod.Get, "/search.rss?q=" + Uri.EscapeDataString("વરસાદ")) { Headers = { IfNoneMatch = { etag } } })
        using (var answer = await service.Client.SendAsync(other))
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        Feeds.Serve(FeedPath, JsonFeed(("newest", "રશિયાથી તાજા સમાચાર", "રશિયાથી આજે નવા સમાચાર આવ્યા.", "2024-11-28T10:00:00Z", null)), "application/feed+json");
        await service.WaitForHitsAsync("તાજા");
        using var changed = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { IfNoneMatch = { etag } } };
        using var fresh = await service.Client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
        var parsed = new FeedParser().Parse(await fresh.Content.ReadAsByteArrayAsync(), new Uri("http://127.0.0.1/"), null);
        Assert.Equal("રશિયાથી તાજા સમાચાર", parsed.Items[0].Title);
    }

    [Theory]
    [InlineData("/search.atom?q=" + "title:%22open", "q")]
    [InlineData("/search.rss?q=x&size=101", "size")]
    [InlineData("/search.atom", "q")]
    [InlineData("/search.rss?q=x&from=yesterday", "from")]
    [InlineData("/search.atom?q=x&qq=y", "qq")]
    [InlineData("/search.rss?q=x&feed=nowhere", "feed")]
    [InlineData("/search.atom?q=x&language=gu_IN", "language")]
    [InlineData("/search.rss?language=x", "language")]
    [InlineData("/search.rss?q=title:", "q")]
    [InlineData("/search.atom?q=%22%22", "q")]
    public async Task Feeds_take_the_parameters_of_search_and_refuse_the_same_mistakes(string path, string parameter)
    {
        await using var service = await StartServiceAsync();
        using var response = await service.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(parameter + ":", System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_search_page_for_a_query_links_to_its_feed_for_readers_that_run_no_script()
    {
        await using var service = await StartServiceAsync();
        var html = await service.Client.GetStringAsync("/?q=" + Uri.EscapeDataString("રશિયા") + "&feed=local&sort=newest");
        Assert.Contains($"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom\" href=\"/search.atom?q={Uri.EscapeDataString("રશિયા")}&amp;feed=local\">", html);
        Assert.DoesNotContain("rel=\"alternate\"", await service.Client.GetStringAsync("/"));
    }

    [Fact]
    public void Characters_xml_cannot_carry_are_dropped_and_the_feed_stays_valid()
    {
        var entry = new SearchFeedEntry("a1", "શીર્ષક\u0001 \uD800અંત", "http://127.0.0.1/a1", "local", "gu",
            null, DateTimeOffset.Parse("2024-11-30T00:00:00Z"), "લેખક\u000B", "ટૂંકું &lt;b&gt; \uFFFF<mark>શબ્દ</mark> 😀");
        var feed = new SearchFeed("urn:gujarati-news-indexer:search:x", "t", "d", "http://127.0.0.1/search.atom?q=x",
            "http://127.0.0.1/?q=x", entry.Updated, [entry]);
        foreach (var format in new[] { SearchFeedFormat.Atom, SearchFeedFormat.Rss })
        {
            var bytes = SearchFeedXml.Write(feed, format);
            Assert.Empty(FeedSchemas.Validate(bytes));
            var item = Assert.Single(new FeedParser().Parse(bytes, new Uri("http://127.0.0.1/"), null).Items);
            Assert.Equal("શીર્ષક અંત", item.Title);
            Assert.Equal("લેખક", item.Author);
            Assert.Contains("😀", item.Body);
        }
    }

    [Fact]
    public void The_schemas_refuse_feeds_that_break_the_specifications()
    {
        // An entry without an id, a channel without a description: the checks above would be worth nothing otherwise.
        var atom = """<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x:y</id><title>t</title><updated>2024-11-30T00:00:00Z</updated><entry><title>t</title><updated>2024-11-30T00:00:00Z</updated></entry></feed>""";
        var rss = """<rss version="2.0"><channel><title>t</title><link>http://127.0.0.1/</link><item><title>t</title><pubDate>30/11/2024</pubDate></item></channel></rss>""";
        Assert.Contains(FeedSchemas.Validate(Encoding.UTF8.GetBytes(atom)), e => e.Contains("entryHasOneId"));
        var rssErrors = FeedSchemas.Validate(Encoding.UTF8.GetBytes(rss));
        Assert.Contains(rssErrors, e => e.Contains("channelHasOneDescription"));
        Assert.Contains(rssErrors, e => e.Contains("pubDate"));
    }

    private static string JsonFeed(params (string Id, string Title, string Body, string Published, string? Author)[] items) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            version = "https://jsonfeed.org/version/1.1",
            title = "local",
            language = "gu",
            items = items.Select(i => new
            {
                id = i.Id,
                url = $"http://127.0.0.1/a/{i.Id}",
                title = i.Title,
                content_text = i.Body,
                date_published = i.Published,
                authors = i.Author is null ? null : new[] { new { name = i.Author } },
            }),
        });

    [Fact]
    public async Task A_feed_named_in_another_case_is_the_configured_one_and_named_as_configured()
    {
        await using var service = await StartServiceAsync();
        await service.WaitForHitsAsync("અમદાવાદ");
        var filtered = await service.GetJsonAsync("/search?feed=LOCAL");
        Assert.Equal(3, filtered.GetProperty("total").GetInt64());
        Assert.Equal(3, (await service.GetJsonAsync("/search?q=" + Uri.EscapeDataString("feed:Local"))).GetProperty("total").GetInt64());

        var rss = XDocument.Parse(await service.Client.GetStringAsync("/search.rss?feed=Local"));
        Assert.Equal(3, rss.Descendants("item").Count());
        Assert.Equal("The newest articles (feed local) from the Gujarati news indexer", rss.Root!.Element("channel")!.Element("description")!.Value);
        Assert.DoesNotContain("Local", rss.Root!.Element("channel")!.Element("description")!.Value);
    }
}
