using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace StarBot.Testing;

/// <summary>
/// A loopback TCP forwarder in front of the database, which a test can cut (<see cref="Stop"/>: nothing listens and
/// every open connection is dropped, as when the database host goes away) and restore on the same port.
/// </summary>
internal sealed class TcpForwarder : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();

    public TcpForwarder(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        Start();
    }

    public int Port { get; private set; }

    /// <summary>What reaches the database through this forwarder (set by <see cref="For"/>).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>A forwarder in front of the server <paramref name="connectionString"/> names; its <see cref="ConnectionString"/> goes through it.</summary>
    public static TcpForwarder For(string connectionString)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        var forwarder = new TcpForwarder(server.Host!, server.Port);
        forwarder.ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = forwarder.Port }.ConnectionString;
        return forwarder;
    }

    public void Start()
    {
        _stop = new CancellationTokenSource();
        var listener = new TcpListener(IPAddress.Loopback, Port);
        // The port just closed may still have connections in TIME_WAIT.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _ = AcceptAsync(listener, _stop.Token);
    }

    /// <summary>Stops listening and drops every connection made so far.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _listener?.Stop();
        _listener = null;
        DropConnections();
    }

    /// <summary>Drops every connection made so far (the server restarted) but goes on accepting new ones.</summary>
    public void DropConnections()
    {
        lock (_open)
        {
            foreach (var client in _open)
            {
                try
                {
                    // Reset, not a polite close: the other side learns of it only when it next reads or writes.
                    client.Client.LingerState = new LingerOption(true, 0);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or NullReferenceException)
                {
                    // Closed already from the other side.
                }

                client.Dispose();
            }

            _open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = PipeAsync(inbound);
        }
    }

    private async Task PipeAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        lock (_open)
        {
            _open.Add(inbound);
            _open.Add(outbound);
        }

        try
        {
            await outbound.ConnectAsync(_targetHost, _targetPort);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Cut by the test, or by either side: the other side is closed below.
        }

        lock (_open)
        {
            _open.Remove(inbound);
            _open.Remove(outbound);
        }

        inbound.Dispose();
        outbound.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
