using System.Net;
using System.Net.Sockets;

namespace EShop.Integration.Tests.Events;

/// <summary>
/// A port that refuses connections until opened, then forwards each one to a target: put in front of a Kafka
/// bootstrap address, the broker is unreachable until the test opens the gate. Once a client has the cluster's
/// metadata it talks to the brokers directly, so the gate only decides when the first connection succeeds.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private Task? _accepting;

    public TcpGate()
    {
        // Bound but not listening: the port is ours (no other socket can take it meanwhile), and a connection to
        // it is refused until the gate opens.
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public void Open(string target)
    {
        var (host, port) = (target[..target.LastIndexOf(':')], int.Parse(target[(target.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        _socket.Listen();
        _accepting = Accept(_socket, host, port, _stop.Token);
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
                // A closed side ends the forwarding; the client reconnects if it wants to.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        if (_accepting is not null)
            await _accepting;
        _stop.Dispose();
    }
}
