using Indexer.Configuration;
using Indexer.Hosting;

namespace Indexer.Tests.Hosting;

/// <summary>The URLs the service may be told to listen on: every form Kestrel serves passes, and nothing else.</summary>
public sealed class ListenUrlsTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://[::1]:0")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:80")]
    [InlineData("HTTPS://example.internal")]
    [InlineData("http://unix:/run/indexer.sock")]
    [InlineData("http://127.0.0.1:0; http://127.0.0.1:8081;")]
    public void What_kestrel_serves_passes(string urls) => ListenUrls.Check(urls);

    [Theory]
    [InlineData("garbage")]
    [InlineData("http://127.0.0.1:port")]
    [InlineData("http://127.0.0.1:99999")]
    [InlineData("http://")]
    [InlineData("ftp://127.0.0.1:21")]
    public void Anything_else_is_refused_naming_the_setting(string urls) =>
        Assert.StartsWith("urls (--urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS): ", Assert.Throws<ConfigException>(() => ListenUrls.Check(urls)).Message);
}
