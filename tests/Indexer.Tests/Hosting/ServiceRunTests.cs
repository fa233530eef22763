using Indexer.Tests.Support;

namespace Indexer.Tests.Hosting;

/// <summary>
/// A start refused for a setting the host reads itself (where to listen, how much to log) is a configuration
/// error like any other: one line naming the setting, exit code 2. Run as a real process, as an operator meets it.
/// </summary>
public sealed class ServiceRunTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<string> RefusedLineAsync(string[] args, params (string Key, string Value)[] environment)
    {
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        var variables = new Dictionary<string, string>
        {
            ["INDEXER_CONFIG_DIR"] = _folder.Combine("config"),
            ["Storage__DataDirectory"] = _folder.Combine("data"),
        };
        foreach (var (key, value) in environment) variables[key] = value;
        var result = await ProgramRunner.RunAsync(args, variables, timeout: TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}: {result.StdErr}");
        return Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("--Serilog:MinimumLevel:Default=Loud", "Serilog:MinimumLevel:Default: \"Loud\" is not a log level; use Verbose, Debug, Information, Warning, Error or Fatal")]
    [InlineData("--Serilog:MinimumLevel=Chatty", "Serilog:MinimumLevel: \"Chatty\" is not a log level")]
    [InlineData("--Serilog:MinimumLevel:Override:Quartz=Loud", "Serilog:MinimumLevel:Override:Quartz: \"Loud\" is not a log level")]
    public async Task A_log_level_that_serilog_does_not_know_is_a_configuration_error(string setting, string expected)
    {
        var line = await RefusedLineAsync(["--urls=http://127.0.0.1:0", setting]);
        Assert.StartsWith("Configuration error: " + expected, line);
    }

    [Theory]
    [InlineData("garbage", "\"garbage\" is not a URL to listen on; use one such as http://0.0.0.0:8080")]
    [InlineData("http://127.0.0.1:0;nonsense", "\"nonsense\" is not a URL to listen on")]
    [InlineData("http://127.0.0.1:port", "\"http://127.0.0.1:port\" is not a URL to listen on")]
    [InlineData("ftp://127.0.0.1:0", "\"ftp://127.0.0.1:0\" is not an http or https URL")]
    public async Task A_url_to_listen_on_that_is_not_one_is_a_configuration_error(string urls, string expected)
    {
        var line = await RefusedLineAsync(["--urls=" + urls]);
        Assert.StartsWith("Configuration error: urls (--urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS): " + expected, line);
        // The environment variable is the same setting, and refused the same way.
        Assert.Equal(line, await RefusedLineAsync([], ("ASPNETCORE_URLS", urls)));
    }

    [Fact]
    public async Task A_port_that_is_not_a_number_is_a_configuration_error_not_a_warning()
    {
        var line = await RefusedLineAsync([], ("ASPNETCORE_HTTP_PORTS", "80a"));
        Assert.Equal("Configuration error: urls (--urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS): \"80a\" is not a port number (0 to 65535; several separated by ';')", line);
    }

    [Theory]
    // Read early, when the store's kind decides how scheduling is kept.
    [InlineData("--Storage:Provider=mysql", "Storage:Provider: \"mysql\" is not allowed; use sqlite or postgres")]
    // Read with every other setting, just before the host starts.
    [InlineData("--Search:DefaultOperator=Xor", "Search:DefaultOperator: \"Xor\" is not allowed; use AndThenOr, And or Or")]
    [InlineData("--Alerts:RetryDelay=10s", "Alerts:RetryDelay: \"10s\" is not a time span; write it as hh:mm:ss (00:05:00 is five minutes)")]
    public async Task A_value_of_the_wrong_type_is_told_as_what_the_setting_takes(string setting, string expected)
    {
        Assert.StartsWith("Configuration error: " + expected, await RefusedLineAsync(["--urls=http://127.0.0.1:0", setting]));
    }

    [Fact]
    public async Task A_misspelt_setting_is_a_configuration_error_naming_the_setting_it_meant_wherever_it_was_given()
    {
        Assert.Equal("Configuration error: command line: Search:MaxPageSzie is not a setting; did you mean Search:MaxPageSize?",
            await RefusedLineAsync(["--urls=http://127.0.0.1:0", "--Search:MaxPageSzie=9"]));
        Assert.Equal("Configuration error: environment: Search__MaxPageSzie is not a setting; did you mean Search__MaxPageSize?",
            await RefusedLineAsync(["--urls=http://127.0.0.1:0"], ("Search__MaxPageSzie", "9")));
        var file = _folder.Write("config/appsettings.json", """{"Search": {"MaxPageSize": 50, "MaxPageSzie": 9}}""");
        Assert.Equal($"Configuration error: {file}: Search:MaxPageSzie is not a setting; did you mean Search:MaxPageSize?",
            await RefusedLineAsync(["--urls=http://127.0.0.1:0"]));
    }

    [Fact]
    public async Task A_misspelt_section_is_a_warning_in_the_log_and_the_service_runs()
    {
        _folder.Write("config/feeds.json", """{"feeds": []}""");
        await using var service = await ServiceProcess.StartAsync(_folder.Combine("config"), _folder.Combine("data"),
            new Dictionary<string, string> { ["Serch__MaxPageSize"] = "9" });
        Assert.Contains("environment: Serch is not a section the service reads, so it is ignored; did you mean Search?", service.Output);
    }
}
