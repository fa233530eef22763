using System.Net;
using System.Net.Sockets;

namespace Indexer.Feeds.Fetching;

/// <summary>
/// A <see cref="SocketsHttpHandler.ConnectCallback"/> that refuses loopback, private, link-local, carrier-grade
/// NAT, metadata and reserved addresses, IPv4 and IPv6 alike. It checks the addresses it then connects to, so a
/// name that resolves differently on a second lookup cannot slip through; every redirect hop connects through it.
/// </summary>
internal static class PrivateNetworkGuard
{
    /// <param name="setting">The setting that would allow these addresses, named in the refusal.</param>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> For(string setting) =>
        (context, cancellationToken) => ConnectAsync(context, setting, cancellationToken);

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, string setting, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(a => !IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
            throw new PrivateNetworkBlockedException(host, setting);

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
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return IsPrivateV6(address);
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127, // carrier-grade NAT (also some clouds' metadata, 100.100.100.200)
            169 => b[1] == 254, // link-local, including the 169.254.169.254 metadata endpoint
            172 => b[1] is >= 16 and <= 31,
            192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0), // private; IETF protocol assignments
            198 => b[1] is 18 or 19, // benchmarking
            >= 224 => true, // multicast, reserved, broadcast
            _ => false,
        };
    }

    private static bool IsPrivateV6(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
            return true;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast)
            return true; // fe80::/10, fec0::/10, fc00::/7 (AWS's fd00:ec2::254 metadata), ff00::/8
        var b = address.GetAddressBytes();
        // Addresses that carry an IPv4 address inside: judge that one. ::a.b.c.d (IPv4-compatible),
        // 64:ff9b::/96 (NAT64), 2002::/16 (6to4).
        if (b[..12].All(x => x == 0))
            return IsPrivate(new IPAddress(b[12..16]));
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].All(x => x == 0))
            return IsPrivate(new IPAddress(b[12..16]));
        if (b[0] == 0x20 && b[1] == 0x02)
            return IsPrivate(new IPAddress(b[2..6]));
        return b[0] == 0x01 && b[1] == 0x00 && b[2..8].All(x => x == 0); // 100::/64, discard-only
    }
}

/// <summary>The host resolves only to addresses the private-network guard refuses.</summary>
internal sealed class PrivateNetworkBlockedException(string host, string setting)
    : Exception($"blocked: {host} resolves to a private or loopback address (set {setting}=true to allow)");
