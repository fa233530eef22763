using System.Net;
using System.Net.Sockets;

namespace Indexer.Feeds.Fetching;

/// <summary>
/// A <see cref="SocketsHttpHandler.ConnectCallback"/> that refuses loopback, private and link-local addresses.
/// It checks the addresses it then connects to, so a name that resolves differently on a second lookup cannot slip through.
/// </summary>
internal static class PrivateNetworkGuard
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(a => !IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
            throw new PrivateNetworkBlockedException(host);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127, // carrier-grade NAT
            169 => b[1] == 254, // link-local, including cloud metadata endpoints
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168,
            >= 224 => true, // multicast and reserved
            _ => false,
        };
    }
}

/// <summary>The feed's host resolves only to addresses the private-network guard refuses.</summary>
internal sealed class PrivateNetworkBlockedException(string host)
    : Exception($"blocked: {host} resolves to a private or loopback address (set Fetching:AllowPrivateNetworks=true to allow)");
