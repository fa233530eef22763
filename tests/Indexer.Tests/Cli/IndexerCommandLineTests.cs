using Indexer.Cli;

namespace Indexer.Tests.Cli;

/// <summary>The command line as a parser: what starts the service, what prints help, what is refused.</summary>
public sealed class IndexerCommandLineTests
{
    private sealed record Outcome(int ExitCode, string StdOut, string StdErr, string[]? ServiceSettings);

    /// <summary>Arguments written one string apart by '|', as a shell would hand them over.</summary>
    private static string[] Args(string line) => line.Split('|', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<Outcome> RunAsync(params string[] args)
    {
        string[]? serviceSettings = null;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await IndexerCommandLine.InvokeAsync(args, settings =>
        {
            serviceSettings = settings;
            return Task.FromResult(0);
        }, output, error);
        return new Outcome(exit, output.ToString(), error.ToString(), serviceSettings);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--urls=http://127.0.0.1:0|--help")]
    public async Task Help_prints_usage_with_every_command_and_starts_nothing(string arguments)
    {
        var outcome = await RunAsync(Args(arguments));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Null(outcome.ServiceSettings);
        Assert.Contains("Usage:", outcome.StdOut);
        foreach (var verb in new[] { "parse", "reindex", "healthcheck", "import-opml", "discover" })
            Assert.Contains($"  {verb}", outcome.StdOut);
        Assert.Contains("--Section:Key=value", outcome.StdOut);
        Assert.DoesNotContain("additional arguments", outcome.StdOut, StringComparison.OrdinalIgnoreCase);
        // healthcheck asks the service's own address when given none, as its own usage line says.
        Assert.Matches(@"\n  healthcheck \[<url>\] +Exit 0 when", outcome.StdOut.ReplaceLineEndings("\n"));
        Assert.Matches(@"\n  parse <file-or-url> +Print", outcome.StdOut.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("parse", "<file-or-url>")]
    [InlineData("reindex", "Rebuild the search index")]
    [InlineData("healthcheck", "<url>")]
    public async Task Every_command_has_its_own_help(string verb, string expected)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var outcome = await RunAsync(verb, flag);
            Assert.Equal(0, outcome.ExitCode);
            // The program name in the usage line is the executable's: Indexer, or the test host here.
            Assert.Matches($@"Usage:\s+\S+ {verb}", outcome.StdOut);
            Assert.Contains(expected, outcome.StdOut);
            Assert.Equal("", outcome.StdErr);
        }
    }

    [Fact]
    public async Task Version_prints_the_version_and_starts_nothing()
    {
        var outcome = await RunAsync("--version");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Null(outcome.ServiceSettings);
        Assert.Matches(@"^\d+\.\d+\.\d+", outcome.StdOut);
    }

    [Fact]
    public void The_user_agent_carries_the_programs_own_version()
    {
        // Under a test host --version prints the host's version; the program's is its assembly's.
        var version = typeof(IndexerCommandLine).Assembly.GetName().Version!.ToString(3);
        Assert.StartsWith($"GujaratiNewsIndexer/{version} ", new Indexer.Feeds.Fetching.FetchingOptions().UserAgent);
    }

    [Theory]
    [InlineData("--urls=http://127.0.0.1:0|--Storage:DataDirectory=/tmp/x")]
    [InlineData("--urls|http://127.0.0.1:0|Search:MaxPageSize=50")]
    [InlineData("/Storage:DataDirectory=/tmp/x|--Serilog:MinimumLevel:Default|Warning")]
    [InlineData("--Scheduling:MaxBackoff=-01:00:00")]
    [InlineData("")]
    public async Task Settings_alone_start_the_service_with_exactly_those_arguments(string line)
    {
        var args = Args(line);
        var outcome = await RunAsync(args);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(args, outcome.ServiceSettings);
    }

    [Theory]
    [InlineData("reindx", "reindx: unknown command")]
    [InlineData("--verbose|--urls=http://127.0.0.1:0", "--verbose: no value given")]
    [InlineData("--urls", "--urls: no value given")]
    [InlineData("-x", "unknown option -x")]
    [InlineData("--urls=http://127.0.0.1:0|stray", "unexpected argument \"stray\"")]
    [InlineData("parse|a.xml|b.xml", "parse: unexpected argument \"b.xml\"")]
    [InlineData("parse|a.xml|--frob", "parse: unknown option --frob")]
    [InlineData("parse|--bogus|a.xml", "parse: unknown option --bogus (see")]
    [InlineData("parse|--fed|x|a.xml", "parse: unknown option --fed")]
    [InlineData("import-opml|--dryrun|x.opml", "import-opml: unknown option --dryrun (see")]
    [InlineData("parse|a.xml|--Storage:DataDirectory", "parse: --Storage:DataDirectory: no value given")]
    // The command's name would be the setting's value and the service would run: which was meant cannot be told.
    [InlineData("--Storage:DataDirectory|reindex", "Indexer: --Storage:DataDirectory: no value given before the command reindex (write --Storage:DataDirectory=<value>)")]
    [InlineData("--urls=http://127.0.0.1:0|/Fetching:Timeout|parse|a.xml", "Indexer: /Fetching:Timeout: no value given before the command parse (write /Fetching:Timeout=<value>)")]
    [InlineData("--ConfigDirectory|test-alert|rain", "Indexer: --ConfigDirectory: no value given before the command test-alert")]
    [InlineData("parse", "parse: Required argument missing")]
    [InlineData("parse|a.xml|--feed|no spaces", "parse: --feed: \"no spaces\" is not a feed id")]
    [InlineData("reindex|--dryrun", "reindex: unknown option --dryrun")]
    [InlineData("healthcheck|http://127.0.0.1:9/health|again", "healthcheck: unexpected argument \"again\"")]
    [InlineData("healthcheck|notaurl", "healthcheck: \"notaurl\" is not an http(s) URL")]
    [InlineData("healthcheck|--url|ftp://127.0.0.1/health", "healthcheck: --url: \"ftp://127.0.0.1/health\" is not an http(s) URL")]
    [InlineData("http://127.0.0.1:9/rss?a=b", "Indexer: unexpected argument \"http://127.0.0.1:9/rss?a=b\"")]
    [InlineData("--urls=http://127.0.0.1:0|https://news.google.com/rss?hl=gu&gl=IN&ceid=IN:gu", "unexpected argument \"https://news.google.com/rss?hl=gu")]
    public async Task Usage_mistakes_exit_2_naming_what_was_wrong_and_start_nothing(string arguments, string expected)
    {
        var outcome = await RunAsync(Args(arguments));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Null(outcome.ServiceSettings);
        var line = Assert.Single(outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line);
        Assert.Contains("--help", line);
    }

    [Fact]
    public void A_command_keeps_its_settings_wherever_they_stand()
    {
        var (settings, others) = CommandLineSettings.Split(
            ["parse", "--Storage:DataDirectory=/d", "feed.xml", "--ConfigDirectory", "/c", "--feed", "x", "Fetching:Timeout=00:00:05"]);
        Assert.Equal(["--Storage:DataDirectory=/d", "--ConfigDirectory", "/c", "Fetching:Timeout=00:00:05"], settings);
        Assert.Equal(["parse", "feed.xml", "--feed", "x"], others);
    }

    [Theory]
    [InlineData("parse|https://news.google.com/rss?hl=gu&gl=IN&ceid=IN:gu")]
    [InlineData("healthcheck|http://127.0.0.1:5932/health?probe=1")]
    [InlineData("healthcheck|--url|http://127.0.0.1:5932/health?probe=1")]
    [InlineData("extract|saved.html|--url|https://example.org/news?id=1")]
    [InlineData("discover|http://127.0.0.1:18091/?a=b")]
    [InlineData("import-opml|http://[::1]:18091/sub.opml?v=2&k=a:b|--dry-run")]
    [InlineData(@"parse|C:\feeds\x.xml?a=b")]
    public void A_url_with_a_query_string_stays_the_commands_argument(string line)
    {
        var args = Args(line);
        var (settings, command) = CommandLineSettings.SplitAtCommand(
            [.. args, "--Fetching:Timeout=00:00:05", "/Storage:DataDirectory", "/d"], ["parse", "healthcheck", "extract", "discover", "import-opml"])!.Value;
        Assert.Equal(args, command);
        Assert.Equal(["--Fetching:Timeout=00:00:05", "/Storage:DataDirectory", "/d"], settings);
    }

    [Theory]
    [InlineData("--Fetching:Timeout=00:00:30|parse|x.xml", "--Fetching:Timeout=00:00:30")]
    [InlineData("--Fetching:Timeout|00:00:30|parse|x.xml", "--Fetching:Timeout|00:00:30")]
    [InlineData("Fetching:Timeout=00:00:30|parse|x.xml", "Fetching:Timeout=00:00:30")]
    [InlineData("/Fetching:Timeout=00:00:30|parse|x.xml", "/Fetching:Timeout=00:00:30")]
    [InlineData("--ConfigDirectory=/c|--urls|http://127.0.0.1:1|parse|x.xml", "--ConfigDirectory=/c|--urls|http://127.0.0.1:1")]
    public void Settings_before_the_command_are_the_commands(string line, string expected)
    {
        var (settings, command) = CommandLineSettings.SplitAtCommand(Args(line), ["parse"])!.Value;
        Assert.Equal(Args(expected), settings);
        Assert.Equal(["parse", "x.xml"], command);
    }

    [Theory]
    [InlineData("--ConfigDirectory={config}|healthcheck|--url=http://127.0.0.1:9/health")]
    [InlineData("--Storage:DataDirectory={config}|reindex")]
    [InlineData("Fetching:Timeout=00:00:30|--ConfigDirectory|{config}|test-alert|nope")]
    public async Task Settings_before_a_command_run_the_command_not_the_service(string line)
    {
        using var config = new Support.TempDirectory();
        config.Write("alerts.json", """{"alerts": []}""");
        var outcome = await RunAsync(Args(line.Replace("{config}", config.Path)));
        Assert.Null(outcome.ServiceSettings);
        // Each command then fails at its job (nothing listens, no store, no such alert): exit 1, not a usage mistake.
        Assert.Equal(1, outcome.ExitCode);
    }

    /// <summary>A bad setting from any source, as every command meets it: one line naming it, exit 2.</summary>
    [Theory]
    [InlineData("parse|{feed}|--Fetching:Timeout=abc", "parse: configuration error: ", "Fetching:Timeout")]
    [InlineData("parse|{feed}|--Fetching:MaxResponseBytes=abc", "parse: configuration error: ", "Fetching:MaxResponseBytes")]
    [InlineData("parse|{feed}|--Fetching:MaxConcurrentFetches=0", "parse: configuration error: ", "Fetching:MaxConcurrentFetches must be at least 1")]
    [InlineData("extract|{feed}|--Fetching:Timeout=abc", "extract: configuration error: ", "Fetching:Timeout")]
    [InlineData("discover|http://127.0.0.1:9/|--Fetching:RespectRobotsTxt=x", "discover: configuration error: ", "Fetching:RespectRobotsTxt")]
    [InlineData("import-opml|{feed}|--dry-run|--Fetching:Timeout=abc", "import-opml: configuration error: ", "Fetching:Timeout")]
    [InlineData("reindex|--Indexing:Threads=abc", "reindex: configuration error: ", "Indexing:Threads")]
    [InlineData("reindex|--Storage:Provider=postgres", "reindex: configuration error: ", "Storage:ConnectionString")]
    [InlineData("test-alert|rain|--Alerts:DeliveryTimeout=abc", "test-alert: configuration error: ", "Alerts:DeliveryTimeout")]
    [InlineData("test-alert|rain|--Alerts:DeliveryTimeout=-00:00:01", "test-alert: configuration error: ", "Alerts:DeliveryTimeout")]
    [InlineData("parse|{feed}|--Search:MaxPageSzie=9", "parse: configuration error: ", "command line: Search:MaxPageSzie is not a setting; did you mean Search:MaxPageSize?")]
    [InlineData("--Alerts:DeliveryTimout=00:00:05|test-alert|rain", "test-alert: configuration error: ", "did you mean Alerts:DeliveryTimeout?")]
    [InlineData("healthcheck|--url=http://127.0.0.1:9/health|--Http:KnownProxy=10.0.0.5", "healthcheck: configuration error: ", "did you mean Http:KnownProxies?")]
    public async Task A_bad_setting_is_one_line_naming_it_and_exit_2_for_every_command(string line, string start, string named)
    {
        using var folder = new Support.TempDirectory();
        folder.Write("config/alerts.json", """{"alerts": [{"id": "rain", "query": "વરસાદ", "webhook": "http://127.0.0.1:9/hook", "secret": "s"}]}""");
        var feed = Support.TestData.PathOf("sample-gujarati.xml");
        var outcome = await RunAsync([.. Args(line.Replace("{feed}", feed)),
            $"--ConfigDirectory={folder.Combine("config")}", $"--Storage:DataDirectory={folder.Combine("data")}"]);
        Assert.Equal((2, (string[]?)null), (outcome.ExitCode, outcome.ServiceSettings));
        var error = Assert.Single(outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(start, error);
        Assert.Contains(named, error);
    }

    [Theory]
    [InlineData("""{"Alerts": {"DeliveryTimeout": "abc"}}""", "", "Alerts:DeliveryTimeout")]
    [InlineData("{\"Alerts\": {\n  \"Timeout\": ,\n}}", "", "appsettings.json: not valid JSON at line 2, column 14")]
    // A good settings file, and a mistake in alerts.json: the README calls that bad configuration too.
    [InlineData("""{"Search": {"MaxPageSize": 50}}""", ", \"colour\": \"red\"", "alert \"rain\": unknown field \"colour\"")]
    [InlineData("""{"Alerts": {"DeliveryTimeOut": "00:00:05", "MaxInFlght": 2}}""", "", "appsettings.json: Alerts:MaxInFlght is not a setting; did you mean Alerts:MaxInFlight?")]
    public async Task The_config_folder_is_checked_as_the_service_checks_it(string appsettings, string alertField, string named)
    {
        using var config = new Support.TempDirectory();
        config.Write("appsettings.json", appsettings);
        config.Write("alerts.json", $$"""{"alerts": [{"id": "rain", "query": "વરસાદ", "webhook": "http://127.0.0.1:9/hook", "secret": "s"{{alertField}}}]}""");
        var outcome = await RunAsync("test-alert", "rain", $"--ConfigDirectory={config.Path}");
        Assert.Equal(2, outcome.ExitCode);
        var error = Assert.Single(outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("test-alert: configuration error: ", error);
        Assert.Contains(named, error);
    }

    [Theory]
    [InlineData("--urls=garbage", "healthcheck: --urls: \"garbage\" names no http or https address")]
    [InlineData("--urls=http://127.0.0.1:0", "healthcheck: --urls: \"http://127.0.0.1:0\" lets the system choose the port")]
    public async Task A_healthcheck_that_cannot_know_where_to_ask_is_a_usage_mistake(string urls, string expected)
    {
        foreach (var line in new[] { $"healthcheck|{urls}", $"{urls}|healthcheck" })
        {
            var outcome = await RunAsync(Args(line));
            Assert.Equal(2, outcome.ExitCode);
            Assert.StartsWith(expected, Assert.Single(outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    [Fact]
    public async Task A_section_the_service_does_not_read_is_a_warning_and_the_command_runs()
    {
        using var config = new Support.TempDirectory();
        config.Write("appsettings.json", """{"Serch": {"MaxPageSize": 9}}""");
        var outcome = await RunAsync("parse", Support.TestData.PathOf("sample-gujarati.xml"), $"--ConfigDirectory={config.Path}");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal($"parse: warning: {config.Combine("appsettings.json")}: Serch is not a section the service reads, so it is ignored; did you mean Search?",
            Assert.Single(outcome.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
