using System.Net.Sockets;
using System.Security.Authentication;

namespace Indexer.Feeds.Fetching;

/// <summary>Words an operator understands for transport failures, instead of exception type names.</summary>
internal static class FetchErrorDescriber
{
    /// <summary>The guard refused the address: no request left, and none will while the setting stays.</summary>
    public static bool IsRefusal(HttpRequestException exception) => Chain(exception).OfType<PrivateNetworkBlockedException>().Any();

    public static string Describe(HttpRequestException exception, Uri url)
    {
        var chain = Chain(exception).ToList();
        if (chain.OfType<PrivateNetworkBlockedException>().FirstOrDefault() is { } blocked)
            return blocked.Message;
        var socketError = chain.OfType<SocketException>().FirstOrDefault()?.SocketErrorCode;
        if (exception.HttpRequestError == HttpRequestError.NameResolutionError
            || socketError is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain)
        {
            return $"DNS lookup failed for host {url.Host}";
        }
        if (exception.HttpRequestError == HttpRequestError.SecureConnectionError || chain.OfType<AuthenticationException>().Any())
            return $"TLS handshake failed: {Innermost(chain)}";
        return socketError switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.ConnectionReset => "connection reset by the server",
            SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"host {url.Host} is unreachable",
            SocketError.TimedOut => "connecting timed out",
            _ => exception.HttpRequestError switch
            {
                HttpRequestError.ResponseEnded => "the server closed the connection before the response was complete",
                HttpRequestError.InvalidResponse => $"invalid HTTP response: {Innermost(chain)}",
                _ => $"request failed: {Innermost(chain)}",
            },
        };
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            yield return e;
    }

    private static string Innermost(List<Exception> chain) => chain[^1].Message;
}
