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
    public async Task Behind_a_configured_proxy_each_forwarded_client_has_its_own_budget(string proxy)
    {
        await using var service = await StartServiceAsync(proxy, "--RateLimit:PermitsPerWindow=2");
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
    public async Task A_bad_proxy_setting_stops_the_start_naming_it(string setting, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartServiceAsync(setting));
        Assert.Contains(expected, error.Message);
    }
}
