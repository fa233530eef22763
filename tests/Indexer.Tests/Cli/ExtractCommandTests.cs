using System.Text.Json;
using Indexer.Tests.Support;

namespace Indexer.Tests.Cli;

/// <summary>The <c>extract</c> verb, run as a real process on pages from the page set.</summary>
public sealed class ExtractCommandTests
{
    private const string Page = "semantic-article-jsonld";

    [Fact]
    public async Task Extract_of_a_file_prints_the_story_and_its_metadata_as_one_json_object()
    {
        var result = await ProgramRunner.RunAsync(["extract", PageSet.PathOf(Page), "--url", "https://samachar.example/duniya/sulawesi-tsunami-384"]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var json = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.Equal(["title", "author", "published", "imageUrl", "canonicalUrl", "text"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("રાજેશ પટેલ", json.GetProperty("author").GetString());
        Assert.Equal("2024-11-30T04:45:00Z", json.GetProperty("published").GetString());
        Assert.Equal("https://samachar.example/images/sulawesi-tsunami.jpg", json.GetProperty("imageUrl").GetString());
        Assert.Equal(PageSet.Story(Page), json.GetProperty("text").GetString()!.Split('\n'));
    }

    [Fact]
    public async Task Extract_takes_a_page_address_with_a_query_string()
    {
        var result = await ProgramRunner.RunAsync(["extract", PageSet.PathOf(Page), "--url", "https://samachar.example/duniya/story?id=384&lang=gu"]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("https://samachar.example/images/sulawesi-tsunami.jpg", JsonDocument.Parse(result.StdOut).RootElement.GetProperty("imageUrl").GetString());
    }

    [Fact]
    public async Task Extract_of_a_url_fetches_it_as_the_service_would()
    {
        await using var server = await LocalFeedServer.StartAsync();
        server.Serve("/story", System.Text.Encoding.UTF8.GetString(PageSet.Html("div-soup-opengraph")), "text/html; charset=utf-8");
        var result = await ProgramRunner.RunAsync(["extract", server.Url("/story"), "--Fetching:AllowPrivatePages=true"]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(PageSet.Story("div-soup-opengraph"), JsonDocument.Parse(result.StdOut).RootElement.GetProperty("text").GetString()!.Split('\n'));
        Assert.Contains("GujaratiNewsIndexer/", server.RequestsTo("/story").Single()["User-Agent"].ToString());
        Assert.Equal(1, server.Hits("/robots.txt"));
    }

    [Fact]
    public async Task Extract_of_a_private_address_sends_no_request_by_default()
    {
        await using var server = await LocalFeedServer.StartAsync();
        server.Serve("/story", System.Text.Encoding.UTF8.GetString(PageSet.Html(Page)), "text/html; charset=utf-8");
        var result = await ProgramRunner.RunAsync(["extract", server.Url("/story")]);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("extract: blocked: 127.0.0.1 resolves to a private or loopback address (set Fetching:AllowPrivatePages=true", result.StdErr);
        Assert.Equal(0, server.Hits("/story") + server.Hits("/robots.txt"));
    }

    [Fact]
    public async Task Extract_honours_robots_txt()
    {
        await using var server = await LocalFeedServer.StartAsync();
        server.Serve("/robots.txt", "User-agent: *\nDisallow: /news/\n", "text/plain");
        server.Serve("/news/story", System.Text.Encoding.UTF8.GetString(PageSet.Html(Page)), "text/html; charset=utf-8");
        var result = await ProgramRunner.RunAsync(["extract", server.Url("/news/story"), "--Fetching:AllowPrivatePages=true"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("disallowed by", result.StdErr);
        Assert.Equal(0, server.Hits("/news/story"));
    }

    [Theory]
    [InlineData("no-such-page.html", "neither an existing file nor an http(s) URL")]
    [InlineData("EMPTY", "nothing on the page reads as an article")]
    public async Task Bad_input_is_one_line_on_stderr_and_a_non_zero_exit(string target, string expected)
    {
        using var folder = new TempDirectory();
        if (target == "EMPTY") target = folder.Write("empty.html", "<html><body><nav>હોમ</nav></body></html>");
        var result = await ProgramRunner.RunAsync(["extract", target]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.StdErr);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task A_url_option_that_is_not_a_url_is_a_usage_error()
    {
        var result = await ProgramRunner.RunAsync(["extract", PageSet.PathOf(Page), "--url", "samachar"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--url: \"samachar\" is not an absolute http(s) URL", result.StdErr);
    }
}
