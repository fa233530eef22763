using System.Text;
using System.Text.Json;
using Indexer.Feeds.Opml;
using Indexer.Tests.Support;

namespace Indexer.Tests.Cli;

/// <summary>
/// import-opml with the subscription lists three feed readers export (TestData/opml, their feed URLs pointed at
/// a local server), into the config folder of a running service, and back out through GET /feeds.opml.
/// </summary>
public sealed class ImportOpmlTests : LocalServiceTest
{
    private static readonly string[] Paths = ["/bbc.xml", "/samachar.xml", "/cricket.xml", "/bhaskar.xml", "/sandesh.xml", "/sandesh-city.xml"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var path in Paths)
        {
            var name = path.Trim('/').Replace(".xml", "");
            Feeds.Serve(path, TestData.Rss(($"{name}-1", $"{name} ક્રિકેટ", "ભારતની ટીમ જીતી"), ($"{name}-2", $"{name} વરસાદ", "અમદાવાદમાં વરસાદ")));
        }
        Config.Write("feeds.json", $$"""
            {
              // The operator's own feed, which two of the readers also subscribe to.
              "feeds": [
                { "id": "bbc-mine", "url": "{{Feeds.Url("/bbc.xml")}}", "interval": "00:00:01" }
              ]
            }
            """);
    }

    private string Fixture(string name) =>
        Data.Write($"imports/{name}", TestData.Read($"opml/{name}").Replace("http://FEEDS", Feeds.BaseUrl));

    private Task<ProgramRunner.Result> ImportAsync(params string[] args) =>
        ProgramRunner.RunAsync(["import-opml", .. args, $"--ConfigDirectory={Config.Path}"]);

    [Fact]
    public async Task Three_readers_exports_import_into_a_running_service_and_export_back()
    {
        await using var service = await StartServiceAsync();

        var miniflux = await ImportAsync(Fixture("miniflux.opml"));
        Assert.True(miniflux.ExitCode == 0, miniflux.StdErr);
        Assert.Contains("added gujarat-samachar: ", miniflux.StdOut);
        Assert.Contains("added cricket-gujarati: ", miniflux.StdOut);
        Assert.EndsWith("2 added, 1 already in " + Path.Combine(Config.Path, "feeds.json") + "\n", miniflux.StdOut);
        var freshRss = await ImportAsync(Fixture("freshrss.opml"));
        Assert.Contains("added divya-bhaskar-gujarati: ", freshRss.StdOut);
        var feedly = await ImportAsync(Fixture("feedly.opml"));
        Assert.Contains("added sandesh: ", feedly.StdOut);
        Assert.Contains("added sandesh-2: ", feedly.StdOut);

        // The running service reloads the file and fetches what was added.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonElement feeds;
        while ((feeds = await service.GetJsonAsync("/feeds")).GetArrayLength() < 6 ||
               feeds.EnumerateArray().Any(f => f.GetProperty("lastStatus").ValueKind == JsonValueKind.Null))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the imported feeds were not all fetched: {feeds}");
            await Task.Delay(200);
        }
        var cricket = feeds.EnumerateArray().Single(f => f.GetProperty("id").GetString() == "cricket-gujarati");
        Assert.Equal(("રમતગમત", "auto", 2), (cricket.GetProperty("category").GetString(), cricket.GetProperty("schedule").GetString(), cricket.GetProperty("articleCount").GetInt32()));

        var export = await service.Client.GetAsync("/feeds.opml");
        Assert.Equal("text/x-opml", export.Content.Headers.ContentType?.MediaType);
        var exported = OpmlDocument.Read(await export.Content.ReadAsByteArrayAsync(), service.Client.BaseAddress!).Feeds;
        Assert.Equal(
            [("bbc-mine", null), ("cricket-gujarati", "રમતગમત"), ("divya-bhaskar-gujarati", "Uncategorized"), ("gujarat-samachar", "સમાચાર"), ("sandesh", "News"), ("sandesh-2", "News")],
            exported.Select(f => (f.Title, f.Category)).OrderBy(f => f.Title, StringComparer.Ordinal));

        // Round trip: the export imports back as nothing new, and the dry run leaves the file as it is.
        var before = File.ReadAllText(Config.Combine("feeds.json"));
        var again = await ImportAsync(Data.Write("imports/export.opml", await export.Content.ReadAsStringAsync()), "--dry-run");
        Assert.True(again.ExitCode == 0, again.StdErr);
        Assert.Equal(before, again.StdOut);
        Assert.StartsWith("0 would be added, 6 already in", again.StdErr);
        Assert.Equal(before, File.ReadAllText(Config.Combine("feeds.json")));
    }

    [Fact]
    public async Task A_dry_run_from_a_url_prints_the_file_it_would_write()
    {
        Feeds.Serve("/subscriptions.opml", TestData.Read("opml/feedly.opml").Replace("http://FEEDS", Feeds.BaseUrl), "text/x-opml");
        var result = await ImportAsync(Feeds.Url("/subscriptions.opml"), "--dry-run");
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("// The operator's own feed", result.StdOut);
        Assert.Contains($$"""{ "id": "sandesh", "url": "{{Feeds.Url("/sandesh.xml")}}", "interval": "auto", "category": "News" }""", result.StdOut);
        Assert.DoesNotContain("sandesh", File.ReadAllText(Config.Combine("feeds.json")));
    }

    [Fact]
    public async Task Subscriptions_that_cannot_be_imported_are_named_on_stderr_and_counted()
    {
        var file = Data.Write("imports/mixed.opml", $$"""
            <opml version="2.0"><body>
              <outline text="Sandesh" xmlUrl="{{Feeds.Url("/sandesh.xml")}}"/>
              <outline text="Site only" type="rss" htmlUrl="{{Feeds.Url("/site/")}}"/>
              <outline text="Over FTP" xmlUrl="ftp://127.0.0.1/feed.xml"/>
            </body></opml>
            """);
        var result = await ImportAsync(file);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("1 added, 0 already in", result.StdOut);
        Assert.Contains(", 2 skipped", result.StdOut);
        Assert.Contains("import-opml: skipped \"Site only\": it has no xmlUrl", result.StdErr);
        Assert.Contains("import-opml: skipped \"Over FTP\": its xmlUrl \"ftp://127.0.0.1/feed.xml\" is not an http(s) URL", result.StdErr);
    }

    [Fact]
    public async Task A_file_that_is_not_opml_is_refused_and_feeds_json_is_untouched()
    {
        var before = File.ReadAllText(Config.Combine("feeds.json"));
        var result = await ImportAsync(Data.Write("imports/not.opml", TestData.SampleFeed));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("import-opml: ", result.StdErr);
        Assert.Contains("not an OPML file: the root element is <rss>", result.StdErr);
        Assert.Equal(before, File.ReadAllText(Config.Combine("feeds.json")));
    }
}
