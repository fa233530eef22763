using System.Net;
using System.Text.RegularExpressions;
using Indexer.Tests.Support;
using Xunit.Abstractions;

namespace Indexer.Tests.Api;

/// <summary>
/// GET / as a reader meets it: the page and its files with the headers that keep it fresh and self-contained, and
/// a real chromium typing a Gujarati query and reading the highlighted results (tests/browser/search-page.mjs).
/// </summary>
public sealed class SearchPageTests(ITestOutputHelper output) : LocalServiceTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ServeOneFeed("/gujarati.xml", TestData.SampleFeed);
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task Page_files_are_served_fresh_with_a_strict_content_security_policy(string path, string mediaType)
    {
        await using var service = await StartServiceAsync();
        using var response = await service.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.NoCache, "Cache-Control: no-cache");
        Assert.StartsWith("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());

        // An unchanged file costs a 304 on the revalidation no-cache asks for.
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var revalidated = await service.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task The_page_declares_gujarati_and_loads_only_its_own_files()
    {
        await using var service = await StartServiceAsync();
        var html = await service.Client.GetStringAsync("/");
        Assert.Contains("<html lang=\"gu\">", html);
        Assert.Contains("<meta charset=\"utf-8\">", html);
        // No CDN, no web fonts: every file the page pulls in is a path on this service.
        var references = Regex.Matches(html, "(?:src|href)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["/app.css", "/app.js", "/favicon.svg"], references.Order());
    }

    [ToolFact(Tool.Chromium, Tool.Playwright)]
    public async Task Chromium_finds_a_gujarati_query_and_shows_highlighted_linked_results()
    {
        await using var service = await StartServiceAsync();
        await service.WaitForHitsAsync("રશિયા");
        var screenshot = Path.Combine(Path.GetTempPath(), "indexer-search-page.png");

        var outcome = await BrowserScript.RunAsync("search-page.mjs", TimeSpan.FromSeconds(60),
            service.Client.BaseAddress!.ToString().TrimEnd('/'), screenshot);

        output.WriteLine($"screenshot: {screenshot}\n{outcome}");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
    }

    /// <summary>
    /// Links a reader is given and what the page shows and keeps of them, one scenario of
    /// tests/browser/search-page-links.mjs each.
    /// </summary>
    [ToolTheory(Tool.Chromium, Tool.Playwright)]
    [InlineData("several-feeds")]
    [InlineData("date-time")]
    [InlineData("language")]
    [InlineData("past-end")]
    [InlineData("pager-links")]
    [InlineData("language-filter")]
    [InlineData("page-size")]
    [InlineData("facet-links")]
    public async Task Chromium_shows_and_keeps_what_a_linked_search_names(string scenario)
    {
        var daily = Enumerable.Range(1, 12).Select(i => ($"daily-{i}", $"રશિયા સમાચાર {i}", $"રશિયાના સમાચાર, દિવસ {i}.")).ToArray();
        Feeds.Serve("/daily.xml", TestData.Rss(daily));
        Feeds.Serve("/english.xml", TestData.Rss(("en-1", "Russia and North Korea sign defence pact", "Kim Jong Un met the minister in Pyongyang."))
            .Replace("<language>gu</language>", "<language>en</language>", StringComparison.Ordinal));
        Config.Write("feeds.json", $$"""
            {"feeds": [
              {"id": "daily", "url": "{{Feeds.Url("/daily.xml")}}", "interval": "01:00:00", "fullText": "never"},
              {"id": "local", "url": "{{Feeds.Url("/gujarati.xml")}}", "interval": "01:00:00", "fullText": "never"},
              {"id": "english", "url": "{{Feeds.Url("/english.xml")}}", "interval": "01:00:00", "language": "en", "fullText": "never"}
            ]}
            """);
        await using var service = await StartServiceAsync();
        await WaitForArticlesAsync(service, "feed=daily,local,english", 14);

        var outcome = await BrowserScript.RunAsync("search-page-links.mjs", TimeSpan.FromSeconds(60),
            service.Client.BaseAddress!.ToString().TrimEnd('/'), scenario);

        output.WriteLine(outcome.ToString());
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
    }

    private static async Task WaitForArticlesAsync(RunningService service, string filter, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await service.GetJsonAsync($"/search?{filter}&size=1")).GetProperty("total").GetInt64() < count)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{filter} did not reach {count} articles within 20 s");
            await Task.Delay(100);
        }
    }
}
