using System.Net;
using System.Net.Sockets;

namespace EShop.Tests.Shared;

/// <summary>
/// A fixed loopback address that forwards each connection to a target the test chooses, or refuses connections
/// while it is stopped: a dependency that goes away and comes back at the same address (a broker restarted, say).
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _running;

    public TcpRelay() => Port = FreePorts.Take(1)[0];

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Accepts connections again and forwards them to <paramref name="target"/> (host:port).</summary>
    public void Start(string target)
    {
        var (host, port) = (target[..target.LastIndexOf(':')], int.Parse(target[(target.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        lock (_gate)
        {
            if (_listener is not null)
                throw new InvalidOperationException("The relay already runs.");
            _running = new CancellationTokenSource();
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Start();
            _ = AcceptAsync(_listener, host, port, _running.Token);
        }
    }

    /// <summary>Closes the port and every connection through it: connecting is refused until the next <see cref="Start"/>.</summary>
    public async Task StopAsync()
    {
        TcpListener? listener;
        CancellationTokenSource? running;
        lock (_gate)
        {
            (listener, running, _listener, _running) = (_listener, _running, null, null);
        }

        listener?.Stop();
        if (running is not null)
        {
            await running.CancelAsync();
            running.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task AcceptAsync(TcpListener listener, string host, int port, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop);
                _ = ForwardAsync(client, host, port, stop);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private static async Task ForwardAsync(TcpClient client, string host, int port, CancellationToken stop)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(host, port, stop);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop);
                var (down, up) = (client.GetStream(), upstream.GetStream());
                await Task.WhenAny(down.CopyToAsync(up, linked.Token), up.CopyToAsync(down, linked.Token));
                await linked.CancelAsync();
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // Either side closed, or the relay stopped: both connections close.
            }
        }
    }
}
