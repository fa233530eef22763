using System.Net.Sockets;
using System.Security.Authentication;
using Indexer.Feeds.Fetching;

namespace Indexer.Feeds.Tests.Fetching;

// Transport failures a hermetic test cannot provoke for real (DNS) are built here as SocketsHttpHandler raises them.
public class FetchErrorDescriberTests
{
    private static readonly Uri Url = new("https://feeds.test/rss");

    [Fact]
    public void Name_resolution_error_names_the_host()
    {
        var error = new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known", new SocketException((int)SocketError.HostNotFound));

        Assert.Equal("DNS lookup failed for host feeds.test", FetchErrorDescriber.Describe(error, Url));
    }

    [Fact]
    public void Host_not_found_from_our_own_connect_callback_is_also_dns()
    {
        var error = new HttpRequestException(HttpRequestError.ConnectionError, "wrapped", new SocketException((int)SocketError.HostNotFound));

        Assert.Equal("DNS lookup failed for host feeds.test", FetchErrorDescriber.Describe(error, Url));
    }

    [Fact]
    public void Tls_failure_keeps_the_innermost_reason()
    {
        var error = new HttpRequestException(HttpRequestError.SecureConnectionError, "SSL failed",
            new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot"));

        Assert.Equal("TLS handshake failed: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot",
            FetchErrorDescriber.Describe(error, Url));
    }

    [Theory]
    [InlineData(SocketError.ConnectionReset, "connection reset by the server")]
    [InlineData(SocketError.NetworkUnreachable, "host feeds.test is unreachable")]
    public void Socket_errors_are_worded(SocketError socketError, string expected)
    {
        var error = new HttpRequestException(HttpRequestError.ConnectionError, "x", new SocketException((int)socketError));

        Assert.Equal(expected, FetchErrorDescriber.Describe(error, Url));
    }

    [Fact]
    public void Truncated_response_is_worded()
    {
        var error = new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");

        Assert.Equal("the server closed the connection before the response was complete", FetchErrorDescriber.Describe(error, Url));
    }
}
