using System.Net;
using System.Net.Sockets;

namespace Indexer.Tests.Support;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a server (the test run's PostgreSQL), which a test can shut: the connections
/// through it are cut and new ones are closed as soon as they arrive, as when the database goes down or the network
/// drops; opened again, it relays as before. The service sees the outage through its real client library.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _shut;

    public TcpGate(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Shuts the gate until the result is disposed: a failing test opens it again before the service is stopped.</summary>
    public IDisposable Shut()
    {
        _shut = true;
        CutAll();
        return new Reopen(this);
    }

    private sealed class Reopen(TcpGate gate) : IDisposable
    {
        public void Dispose() => gate._shut = false;
    }

    private void CutAll()
    {
        lock (_open)
        {
            foreach (var client in _open) client.Close();
            _open.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            if (_shut)
            {
                client.Close();
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        lock (_open) _open.AddRange([client, server]);
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            await Task.WhenAny(client.GetStream().CopyToAsync(server.GetStream(), _stop.Token), server.GetStream().CopyToAsync(client.GetStream(), _stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Cut by Shut or by either side: both ends are closed below.
        }
        finally
        {
            client.Close();
            server.Close();
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(server);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        CutAll();
        await _accepting;
        _stop.Dispose();
    }
}
