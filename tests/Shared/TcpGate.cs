using System.Net;
using System.Net.Sockets;

namespace EShop.Tests.Shared;

/// <summary>
/// A loopback port that refuses connections until opened, then forwards each one to a target; closed again, it
/// drops every connection through it and refuses new ones, at the same address. Put in front of a Kafka bootstrap
/// address, the brokers are unreachable until the test opens the gate, or go away and come back (reopened on a new
/// cluster) as a restarted cluster does. Once a client has the cluster's metadata it talks to the brokers directly,
/// so the gate decides only whether a new client gets in.
/// </summary>
internal sealed class TcpGate : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Socket _socket;
    private CancellationTokenSource? _open;
    private Task? _accepting;

    public TcpGate()
    {
        _socket = Bound(0);
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Accepts connections and forwards them to <paramref name="target"/> (host:port).</summary>
    public void Open(string target)
    {
        var (host, port) = (target[..target.LastIndexOf(':')], int.Parse(target[(target.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        lock (_gate)
        {
            if (_open is not null)
                throw new InvalidOperationException("The gate is open already.");
            _open = new CancellationTokenSource();
            _socket.Listen();
            _accepting = Accept(_socket, host, port, _open.Token);
        }
    }

    /// <summary>Drops every connection through the gate; new ones are refused until the next <see cref="Open"/>.</summary>
    public async Task CloseAsync()
    {
        Socket socket;
        CancellationTokenSource? open;
        Task? accepting;
        lock (_gate)
        {
            (socket, open, accepting) = (_socket, _open, _accepting);
            if (open is null)
                return;
            // Bound but not listening: the port stays ours, and a connection to it is refused.
            (_socket, _open, _accepting) = (null!, null, null);
        }

        await open.CancelAsync();
        socket.Dispose();
        if (accepting is not null)
            await accepting;
        open.Dispose();
        lock (_gate)
            _socket = Bound(Port);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _socket.Dispose();
    }

    private static Socket Bound(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // The closed gate's connections linger in TIME_WAIT on this port: binding it again must not wait for them.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    private static async Task Accept(Socket listener, string host, int port, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = new TcpClient { Client = await listener.AcceptAsync(stop) };
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Forward(inbound, host, port, stop);
        }
    }

    private static async Task Forward(TcpClient inbound, string host, int port, CancellationToken stop)
    {
        using (inbound)
        using (var outbound = new TcpClient())
        {
            try
            {
                await outbound.ConnectAsync(host, port, stop);
                await using var a = inbound.GetStream();
                await using var b = outbound.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, stop), b.CopyToAsync(a, stop));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A closed side, or a closed gate, ends the forwarding; the client reconnects if it wants to.
            }
        }
    }
}
