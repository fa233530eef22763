using System.Net;
using System.Net.Sockets;

namespace Indexer.Tests.Support;

public static class FreeTcpPort
{
    /// <summary>A loopback port free right now (someone may take it before it is used; callers retry or accept that).</summary>
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
