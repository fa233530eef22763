using System.Net;
using Indexer.Tests.Support;

namespace Indexer.Tests.Api;

/// <summary>
/// Behind a reverse proxy the per-client rate limit must still be per client: X-Forwarded-For names the client,
/// but only when it comes from a proxy the operator configured (Http:KnownProxies / Http:KnownNetworks).
/// </summary>
public sealed class KnownProxiesTests : LocalServiceTest
{
    private const string Search = "/search?q=x";

    private static async Task<HttpStatusCode> SearchAsAsync(RunningService service, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Search);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await service.Client.SendAsync(request);
        return response.StatusCode;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Config.Write("feeds.json", """{"feeds": []}""");
    }

    [Theory]
    [InlineData("--Http:KnownProxies:0=127.0.0.1")]
    [InlineData("--Http:KnownNetworks:0=127.0.0.0/8")]
    [InlineData("--Http:KnownProxies:0=10.9.9.9, 127.0.0.1")]
    // One value, as an environment variable gives it most naturally (Http__KnownProxies=10.0.0.5,10.0.0.6).
    [InlineData("--Http:KnownProxies=127.0.0.1")]
    [InlineData("--Http:KnownProxies=10.9.9.9,127.0.0.1")]
    [InlineData("--Http:KnownNetworks=127.0.0.0/8")]
    [InlineData("--Http:KnownProxies=127.0.0.1", "--Http:KnownProxies:0=10.9.9.9")]
    [InlineData("--Http:KnownNetworks=10.0.0.0/8", "--Http:KnownProxies:0=127.0.0.1")]
    public async Task Behind_a_configured_proxy_each_forwarded_client_has_its_own_budget(params string[] proxy)
    {
        await using var service = await StartServiceAsync([.. proxy, "--RateLimit:PermitsPerWindow=2"]);
        Assert.Equal(HttpStatusCode.OK, await SearchAsAsync(service, "203.0.113.5"));
        Assert.Equal(HttpStatusCode.OK, await SearchAsAsync(service, "203.0.113.5"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SearchAsAsync(service, "203.0.113.5"));
        // Another reader behind the same proxy is not punished for the first one.
        Assert.Equal(HttpStatusCode.OK, await SearchAsAsync(service, "203.0.113.6"));
        // The proxy appends what it saw; a client's own claim further left does not pick its key.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SearchAsAsync(service, "198.51.100.1, 203.0.113.5"));
    }

    [Fact]
    public async Task Without_configured_proxies_a_forwarded_header_changes_nothing()
    {
        await using var service = await StartServiceAsync("--RateLimit:PermitsPerWindow=2");
        Assert.Equal(HttpStatusCode.OK, await SearchAsAsync(service, "203.0.113.5"));
        Assert.Equal(HttpStatusCode.OK, await SearchAsAsync(service, "203.0.113.6"));
        // A client cannot buy a fresh budget by inventing an address: both counted as the one connection's.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SearchAsAsync(service, "203.0.113.7"));
    }

    [Theory]
    [InlineData("--Http:KnownProxies:0=proxy.local", "Http:KnownProxies: \"proxy.local\" is not an IP address")]
    [InlineData("--Http:KnownNetworks:0=10.0.0.0/99", "Http:KnownNetworks: \"10.0.0.0/99\"")]
    [InlineData("--Http:KnownProxies=notanip", "Http:KnownProxies: \"notanip\" is not an IP address")]
    [InlineData("--Http:KnownNetworks=garbage", "Http:KnownNetworks: \"garbage\"")]
    [InlineData("--Http:KnownNetworks=172.16.0.0/99", "Http:KnownNetworks: \"172.16.0.0/99\"")]
    public async Task A_bad_proxy_setting_stops_the_start_naming_it(string setting, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartServiceAsync(setting));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_bad_address_in_a_comma_separated_variable_is_a_configuration_error()
    {
        Config.Write("feeds.json", """{"feeds": []}""");
        var result = await ProgramRunner.RunAsync(["--urls=http://127.0.0.1:0"], new Dictionary<string, string>
        {
            ["INDEXER_CONFIG_DIR"] = Config.Path,
            ["Storage__DataDirectory"] = Data.Path,
            ["Http__KnownProxies"] = "10.0.0.5,bad",
        });
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Configuration error: Http:KnownProxies: \"bad\" is not an IP address",
            Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
