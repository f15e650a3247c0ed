using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EShop.Chaos.Network;

/// <summary>
/// Listens on 127.0.0.1:port inside a node's network namespace and pipes every connection to 127.0.0.1:port in the
/// host's, both ways. Stopped, it refuses new connections and resets the open ones; started again, it listens anew.
/// </summary>
internal sealed class LoopbackForwarder(string namespaceName, int port) : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private Socket? _listener;
    private CancellationTokenSource? _stop;

    public void Start()
    {
        lock (_gate)
        {
            if (_listener is not null)
                return;
            _listener = NetworkNamespace.Run(namespaceName, () =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                    socket.Listen(128);
                    return socket;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            });
            _stop = new CancellationTokenSource();
            _ = AcceptAsync(_listener, _stop.Token);
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            if (_listener is null)
                return;
            _stop!.Cancel();
            _listener.Dispose();
            _stop.Dispose();
            (_listener, _stop) = (null, null);
            foreach (var socket in _open.Keys)
                Reset(socket);
        }
    }

    public void Dispose() => Stop();

    private async Task AcceptAsync(Socket listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket inside;
            try
            {
                inside = await listener.AcceptAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = PipeAsync(inside, stop);
        }
    }

    // Pool threads are always in the host's namespace, so the outbound socket is created there.
    private async Task PipeAsync(Socket inside, CancellationToken stop)
    {
        using var outside = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open.TryAdd(inside, 0);
        _open.TryAdd(outside, 0);
        try
        {
            stop.ThrowIfCancellationRequested();
            await outside.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), stop);
            await Task.WhenAll(CopyAsync(inside, outside, stop), CopyAsync(outside, inside, stop));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            Reset(inside);
            Reset(outside);
        }
        finally
        {
            _open.TryRemove(inside, out _);
            _open.TryRemove(outside, out _);
            inside.Dispose();
        }
    }

    private static async Task CopyAsync(Socket from, Socket to, CancellationToken stop)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stop);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop);
            }
        }
        catch
        {
            // One way failing ends both, so the other way's pending receive does not hang.
            Reset(from);
            Reset(to);
            throw;
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // Already closed.
        }

        socket.Dispose();
    }
}
