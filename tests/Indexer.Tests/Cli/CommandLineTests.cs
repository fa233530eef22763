using System.Text.Json;
using Indexer.Cli;
using Indexer.Tests.Support;

namespace Indexer.Tests.Cli;

/// <summary>The program's verbs and its refusal to start on bad config, run as a real process.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Parse_prints_the_articles_of_a_feed_file_as_json_in_feed_order()
    {
        var result = await ProgramRunner.RunAsync(["parse", TestData.PathOf("sample-gujarati.xml")]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var article = Assert.Single(JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray());
        Assert.Equal("sample-kim-jong-un-russia", article.GetProperty("guid").GetString());
        Assert.Equal("2024-11-30T04:45:00Z", article.GetProperty("published").GetString());
        Assert.Equal("https://example.org/gujarati-sample/kim-jong-un-russia", article.GetProperty("url").GetString());
        Assert.StartsWith("ઉત્તર કોરિયાના નેતા", article.GetProperty("summary").GetString());
        Assert.DoesNotContain("<p>", article.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Parse_of_a_configured_feed_prints_the_ids_the_service_stores()
    {
        _folder.Write("config/feeds.json", """{"feeds": [{"id": "sample", "url": "./feeds/sample.xml", "interval": "00:10:00"}]}""");
        var file = _folder.Write("config/feeds/sample.xml", TestData.SampleFeed);
        var result = await ProgramRunner.RunAsync(["parse", file], new Dictionary<string, string> { ["INDEXER_CONFIG_DIR"] = _folder.Combine("config") });
        Assert.True(result.ExitCode == 0, result.StdErr);
        var article = Assert.Single(JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray());
        Assert.Equal("sample", article.GetProperty("feedId").GetString());
        Assert.Equal(Indexer.Articles.ArticleFactory.ArticleId("sample", "guid:sample-kim-jong-un-russia"), article.GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_readme_shows_the_programs_help_as_it_prints_it()
    {
        var result = await ProgramRunner.RunAsync(["--help"]);
        Assert.Equal(0, result.ExitCode);
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")).ReplaceLineEndings("\n");
        const string Command = "$ dotnet run --project src/Indexer -- --help\n";
        var start = readme.IndexOf(Command, StringComparison.Ordinal) + Command.Length;
        Assert.True(start >= Command.Length, "the README has no --help block");
        var shown = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Equal(Lines(result.StdOut), Lines(shown));

        static string[] Lines(string text) => [.. text.ReplaceLineEndings("\n").TrimEnd().Split('\n').Select(l => l.TrimEnd())];
    }

    [Fact]
    public async Task Help_from_the_program_prints_usage_and_opens_no_store_or_index()
    {
        var result = await ProgramRunner.RunAsync(["--help"], workingDirectory: _folder.Path, timeout: TimeSpan.FromSeconds(20));
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("Usage:", result.StdOut);
        Assert.False(Directory.Exists(_folder.Combine("data")), "--help created the data folder: the service started");
    }

    [Fact]
    public async Task Parse_takes_settings_before_its_file()
    {
        var result = await ProgramRunner.RunAsync(["parse", $"--ConfigDirectory={_folder.Combine("none")}", TestData.PathOf("sample-gujarati.xml"), "--feed", "mine"]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("mine", Assert.Single(JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray()).GetProperty("feedId").GetString());
    }

    [Theory]
    [InlineData("--ConfigDirectory={config}|parse|{file}")]
    [InlineData("--ConfigDirectory|{config}|--Fetching:Timeout=00:00:30|parse|{file}")]
    [InlineData("ConfigDirectory={config}|parse|{file}|--Fetching:Timeout|00:00:30")]
    public async Task Parse_takes_settings_before_the_command(string line)
    {
        _folder.Write("config/feeds.json", """{"feeds": [{"id": "sample", "url": "./feeds/sample.xml", "interval": "00:10:00"}]}""");
        var file = _folder.Write("config/feeds/sample.xml", TestData.SampleFeed);
        var args = line.Replace("{config}", _folder.Combine("config")).Replace("{file}", file).Split('|');
        var result = await ProgramRunner.RunAsync(args);
        Assert.True(result.ExitCode == 0, result.StdErr);
        // The feed id comes from the config folder the setting named.
        Assert.Equal("sample", Assert.Single(JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray()).GetProperty("feedId").GetString());
    }

    [Fact]
    public async Task Parse_reads_a_url_with_a_query_string_like_google_news()
    {
        await using var server = await LocalFeedServer.StartAsync();
        server.Serve("/rss", TestData.Rss(("one", "પહેલું", "એક")));
        var result = await ProgramRunner.RunAsync(["parse", server.Url("/rss?hl=gu&gl=IN&ceid=IN:gu"), "--Fetching:Timeout=00:00:30"]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("one", Assert.Single(JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray()).GetProperty("guid").GetString());
        Assert.Equal(1, server.Hits("/rss"));
    }

    [Fact]
    public async Task Parse_of_a_cut_off_feed_prints_what_it_salvaged_and_warns_on_stderr()
    {
        var whole = TestData.Rss(("a", "એક", "પહેલું"), ("b", "બે", "બીજું"));
        var cut = _folder.Write("cut.xml", whole[..(whole.IndexOf("<item><guid>b", StringComparison.Ordinal) + 20)]);
        var result = await ProgramRunner.RunAsync(["parse", cut]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("a", Assert.Single(JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray()).GetProperty("guid").GetString());
        var warning = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("parse: warning: the document is cut off", warning);
    }

    [Fact]
    public async Task A_mistyped_setting_in_the_environment_stops_a_command_with_one_line_and_exit_2()
    {
        var result = await ProgramRunner.RunAsync(["parse", TestData.PathOf("sample-gujarati.xml")],
            new Dictionary<string, string> { ["Fetching__Timeout"] = "abc", ["INDEXER_CONFIG_DIR"] = _folder.Path });
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StdOut);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("parse: configuration error: ", line);
        Assert.Contains("Fetching:Timeout: \"abc\" is not a time span", line);
    }

    [Fact]
    public async Task Discover_finds_the_feed_a_local_site_declares_and_prints_it_as_json()
    {
        await using var server = await LocalFeedServer.StartAsync();
        server.Serve("/", """<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/news/rss.xml"></head><body></body></html>""", "text/html; charset=utf-8");
        server.Serve("/news/rss.xml", TestData.SampleFeed);
        var result = await ProgramRunner.RunAsync(["discover", server.Url("/")]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var feed = Assert.Single(JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray());
        Assert.Equal(server.Url("/news/rss.xml"), feed.GetProperty("url").GetString());
        Assert.Equal(("RSS 2.0", 1, "declared"), (feed.GetProperty("format").GetString(), feed.GetProperty("items").GetInt32(), feed.GetProperty("source").GetString()));
        Assert.False(string.IsNullOrEmpty(feed.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Discover_on_a_site_without_feeds_says_what_it_tried_in_one_line()
    {
        await using var server = await LocalFeedServer.StartAsync();
        server.Serve("/", "<!DOCTYPE html><html><head></head><body>no feeds here</body></html>", "text/html");
        var result = await ProgramRunner.RunAsync(["discover", server.Url("/")]);
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("discover: no feed at ", line);
        Assert.Contains("/feed, /rss, /rss.xml", line);
    }

    [Fact]
    public async Task An_unknown_command_is_an_error_not_a_service_start()
    {
        var result = await ProgramRunner.RunAsync(["reindx"]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("reindx: unknown command", result.StdErr);
    }

    [Fact]
    public async Task Parse_reads_a_url_through_the_service_fetcher()
    {
        await using var server = await LocalFeedServer.StartAsync();
        server.Serve("/feed.xml", TestData.Rss(("one", "પહેલું", "એક"), ("two", "બીજું", "બે")));
        var result = await ProgramRunner.RunAsync(["parse", server.Url("/feed.xml")]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(["one", "two"], JsonDocument.Parse(result.StdOut).RootElement.EnumerateArray().Select(a => a.GetProperty("guid").GetString()));
    }

    [Theory]
    [InlineData("/html", "not a feed")]
    [InlineData("/missing", "404")]
    public async Task Parse_of_something_that_is_not_a_feed_says_why_in_one_line(string path, string expected)
    {
        await using var server = await LocalFeedServer.StartAsync();
        server.Serve("/html", "<!DOCTYPE html><html><body>hello</body></html>", "text/html");
        var result = await ProgramRunner.RunAsync(["parse", server.Url(path)]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.StdOut);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("parse: ", line);
        Assert.Contains(expected, line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Parse_of_a_missing_file_fails_with_one_line()
    {
        var result = await ProgramRunner.RunAsync(["parse", _folder.Combine("nope.xml")]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("parse: ", Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("""{"feeds": [{"id": "a", "url": "http://127.0.0.1:9/a", "interval": "00:00:00"}]}""", "feed \"a\": field \"interval\"")]
    [InlineData("""{"feeds": [{"id": "b", "url": "http://127.0.0.1:9/b", "cron": "61 * * * * ?"}]}""", "feed \"b\": field \"cron\"")]
    [InlineData("""{"feeds": [{"id": "c", "url": "http://127.0.0.1:9/c", "interval": "00:01:00", "colour": "red"}]}""", "feed \"c\": unknown field \"colour\"")]
    public async Task The_service_refuses_to_start_on_bad_feeds_config_naming_feed_and_field(string feedsJson, string expected)
    {
        _folder.Write("config/feeds.json", feedsJson);
        var result = await ProgramRunner.RunAsync(["--urls=http://127.0.0.1:0"],
            new Dictionary<string, string> { ["INDEXER_CONFIG_DIR"] = _folder.Combine("config"), ["Storage__DataDirectory"] = _folder.Combine("data") });
        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line);
    }

    [Theory]
    [InlineData("""{"Search": {"MaxPageSize": 0}}""", "Search:MaxPageSize")]
    [InlineData("""{"Logging": {"Format": "xml"}}""", "Logging:Format")]
    [InlineData("""{"Fetching": {"Timeout": "00:00:00"}}""", "Fetching:Timeout")]
    [InlineData("""{"Fetching": {"Timeout": "abc"}}""", "Fetching:Timeout")]
    [InlineData("""{"Search": {"DefaultOperator": "Maybe"}}""", "Search:DefaultOperator")]
    [InlineData("""{"Retention": {"Schedule": "0 0 0 31 2 ?"}}""", "Retention:Schedule")]
    public async Task The_service_refuses_to_start_on_a_bad_setting_naming_the_setting(string appsettings, string setting)
    {
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        _folder.Write("config/appsettings.json", appsettings);
        var result = await ProgramRunner.RunAsync(["--urls=http://127.0.0.1:0"],
            new Dictionary<string, string> { ["INDEXER_CONFIG_DIR"] = _folder.Combine("config"), ["Storage__DataDirectory"] = _folder.Combine("data") });
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(setting, Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task A_json_mistake_in_the_settings_file_is_one_line_with_one_position()
    {
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        _folder.Write("config/appsettings.json", "{\"Search\": {\n  \"MaxPageSize\": ,\n}}");
        var result = await ProgramRunner.RunAsync(["--urls=http://127.0.0.1:0"],
            new Dictionary<string, string> { ["INDEXER_CONFIG_DIR"] = _folder.Combine("config"), ["Storage__DataDirectory"] = _folder.Combine("data") });
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("appsettings.json: not valid JSON at line 2, column 18", line);
        Assert.DoesNotContain("LineNumber", line);
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_created_names_the_setting()
    {
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        var blocker = _folder.Write("a-file", "not a folder");
        var result = await ProgramRunner.RunAsync(["--urls=http://127.0.0.1:0"],
            new Dictionary<string, string> { ["INDEXER_CONFIG_DIR"] = _folder.Combine("config"), ["Storage__DataDirectory"] = Path.Combine(blocker, "data") });
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Indexer stopped: Storage:DataDirectory: cannot create", line);
    }

    [Fact]
    public async Task A_port_in_use_names_the_setting()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        var result = await ProgramRunner.RunAsync([$"--urls=http://127.0.0.1:{port}", "--Serilog:MinimumLevel:Default=Error"],
            new Dictionary<string, string> { ["INDEXER_CONFIG_DIR"] = _folder.Combine("config"), ["Storage__DataDirectory"] = _folder.Combine("data") });
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Indexer stopped: urls (--urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS): Failed to bind", result.StdErr);
    }

    [Fact]
    public async Task An_environment_variable_overrides_the_settings_file()
    {
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        _folder.Write("config/appsettings.json", """{"Search": {"MaxPageSize": 50}}""");
        var result = await ProgramRunner.RunAsync(["--urls=http://127.0.0.1:0"],
            new Dictionary<string, string>
            {
                ["INDEXER_CONFIG_DIR"] = _folder.Combine("config"), ["Storage__DataDirectory"] = _folder.Combine("data"),
                ["Search__DefaultPageSize"] = "80",
            });
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Search:DefaultPageSize", result.StdErr);
    }

    [Fact]
    public async Task Reindex_rebuilds_the_index_from_the_store_and_the_service_finds_everything_after()
    {
        var config = _folder.Combine("config");
        var data = _folder.Combine("data");
        await using (var server = await LocalFeedServer.StartAsync())
        {
            server.Serve("/feed.xml", TestData.SampleFeed);
            _folder.Write("config/feeds.json", $$"""{"feeds": [{"id": "local", "url": "{{server.Url("/feed.xml")}}", "interval": "00:00:01"}]}""");
            await using var service = await RunningService.StartAsync(config, data);
            await service.WaitForHitsAsync("રશિયા");
        }

        var result = await ProgramRunner.RunAsync(["reindex", $"--Storage:DataDirectory={data}"],
            new Dictionary<string, string> { ["INDEXER_CONFIG_DIR"] = config });
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.StartsWith("reindexed 1 articles", result.StdOut);

        await using var restarted = await RunningService.StartAsync(config, data);
        var found = await restarted.GetJsonAsync("/search?q=" + Uri.EscapeDataString("\"કિમ જોંગ ઉન\""));
        Assert.Equal(1, found.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Reindex_while_the_service_holds_the_index_refuses_and_says_why()
    {
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        await using var service = await RunningService.StartAsync(_folder.Combine("config"), _folder.Combine("data"));
        var result = await ProgramRunner.RunAsync(["reindex", $"--Storage:DataDirectory={_folder.Combine("data")}"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("locked", result.StdErr);
    }

    [Fact]
    public async Task Healthcheck_answers_for_a_running_service_and_fails_for_none()
    {
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        await using var service = await RunningService.StartAsync(_folder.Combine("config"), _folder.Combine("data"));
        var healthy = await ProgramRunner.RunAsync(["healthcheck", new Uri(service.Client.BaseAddress!, "/health").ToString()]);
        Assert.Equal(0, healthy.ExitCode);

        var nobody = await ProgramRunner.RunAsync(["healthcheck", "http://127.0.0.1:9/health"]);
        Assert.NotEqual(0, nobody.ExitCode);
        Assert.StartsWith("healthcheck: ", nobody.StdErr);
    }

    [Fact]
    public async Task Healthcheck_asks_the_url_it_is_given_query_string_and_all()
    {
        await using var server = await LocalFeedServer.StartAsync();
        server.Serve("/health", "Healthy", "text/plain");
        foreach (var args in new[] { ["healthcheck", server.Url("/health?probe=1")], new[] { "healthcheck", "--url", server.Url("/health?probe=1") } })
        {
            var result = await ProgramRunner.RunAsync(args);
            Assert.True(result.ExitCode == 0, result.StdErr);
            Assert.Equal($"healthy (200) at {server.Url("/health?probe=1")}", result.StdOut.Trim());
        }
        Assert.Equal(2, server.Hits("/health"));
    }
}

public sealed class HealthCheckCommandTests
{
    [Theory]
    [InlineData(null, null, null, null, "http://127.0.0.1:8080/health")]
    [InlineData(null, null, "18089", null, "http://127.0.0.1:18089/health")]
    [InlineData(null, null, "9000;9001", null, "http://127.0.0.1:9000/health")]
    [InlineData(null, "http://+:18085", null, null, "http://127.0.0.1:18085/health")]
    [InlineData(null, "http://*:18085", "9000", null, "http://127.0.0.1:18085/health")]
    [InlineData(null, "https://0.0.0.0:8443;http://[::]:8081", null, null, "http://127.0.0.1:8081/health")]
    [InlineData(null, "https://+:8443", null, null, "https://127.0.0.1:8443/health")]
    [InlineData("http://127.0.0.1:7001", "http://+:18085", "9000", "http://localhost:7003", "http://127.0.0.1:7001/health")]
    [InlineData(null, null, null, "http://localhost:7003", "http://127.0.0.1:7003/health")]
    [InlineData(null, null, "9000", "http://localhost:7003", "http://127.0.0.1:9000/health")]
    [InlineData(null, "http://10.1.2.3:8080", null, null, "http://10.1.2.3:8080/health")]
    public void Finds_the_port_as_Kestrel_does(string? urlsOption, string? aspnetcoreUrls, string? httpPorts, string? urlsSetting, string expected)
    {
        var found = HealthCheckCommand.LocalUrl(new(urlsOption, aspnetcoreUrls, httpPorts, urlsSetting));
        Assert.Equal(expected, found.Url);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0", "--urls")]
    [InlineData("nonsense", "--urls")]
    public void An_address_it_cannot_ask_is_named_with_where_it_came_from(string urls, string source)
    {
        var found = HealthCheckCommand.LocalUrl(new(urls, null, null, null));
        Assert.Null(found.Url);
        Assert.StartsWith(source, found.Problem);
        Assert.Contains("--url", found.Problem);
    }
}

/// <summary>healthcheck against a running service that listens where only the environment says.</summary>
public sealed class HealthCheckProcessTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Finds_a_service_moved_with_ASPNETCORE_URLS_or_told_with_urls()
    {
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        await using var service = await RunningService.StartAsync(_folder.Combine("config"), _folder.Combine("data"));
        var port = service.Client.BaseAddress!.Port;

        var fromEnvironment = await ProgramRunner.RunAsync(["healthcheck"],
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://+:{port}", ["ASPNETCORE_HTTP_PORTS"] = "9" });
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.StdErr);
        Assert.Contains($"127.0.0.1:{port}", fromEnvironment.StdOut);

        var fromOption = await ProgramRunner.RunAsync(["healthcheck", $"--urls=http://0.0.0.0:{port}"]);
        Assert.True(fromOption.ExitCode == 0, fromOption.StdErr);

        _folder.Write("config/appsettings.json", $$"""{"urls": "http://localhost:{{port}}"}""");
        var fromSettingsFile = await ProgramRunner.RunAsync(["healthcheck", $"--ConfigDirectory={_folder.Combine("config")}"]);
        Assert.True(fromSettingsFile.ExitCode == 0, fromSettingsFile.StdErr);
    }
}
