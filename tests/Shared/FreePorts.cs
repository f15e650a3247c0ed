using System.Net;
using System.Net.Sockets;

namespace EShop.Tests.Shared;

/// <summary>Loopback ports nobody listens on at the moment of asking.</summary>
internal static class FreePorts
{
    /// <summary>
    /// <paramref name="count"/> distinct ports, held open together while they are picked so that none is handed out
    /// twice. Another process can still take one before its user binds it: users that can, retry on a fresh one.
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
