using System.Net;
using System.Net.Sockets;

namespace EShop.LoadTest.Http;

/// <summary>
/// Gives each simulated client its own loopback source address (127.0.x.y; Linux routes all of 127.0.0.0/8 to
/// the loopback interface), so that the shop's per-address limits see many clients, as in production, instead
/// of one client sending everything.
/// </summary>
public static class ClientAddresses
{
    /// <summary>The address of client <paramref name="index"/>: 127.0.1.1, 127.0.1.2, ... (never 127.0.0.1, nor .0 or .255).</summary>
    public static IPAddress Of(int index) =>
        new([127, 0, (byte)(1 + index / 254 % 255), (byte)(1 + index % 254)]);

    /// <summary>A handler whose connections leave from <paramref name="source"/>, or from the default address if null.</summary>
    public static SocketsHttpHandler Handler(IPAddress? source) => new()
    {
        MaxConnectionsPerServer = 512,
        ConnectCallback = source is null ? null : (context, cancellationToken) => ConnectFromAsync(source, context.DnsEndPoint, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress source, DnsEndPoint target, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(new DnsEndPoint(target.Host, target.Port, AddressFamily.InterNetwork), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
