using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EShop.Grains.Tests.Notifications;

/// <summary>
/// A loopback SMTP server that counts the connections it accepts. Unwell, it greets with 421 and hangs up; well, it
/// takes mail (no TLS, no extensions), refusing recipients at <see cref="RefusedDomain"/> with 550.
/// </summary>
internal sealed class FakeSmtpServer : IAsyncDisposable
{
    public const string RefusedDomain = "refused.example";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public FakeSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAll();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public bool Healthy { get; set; }

    public ConcurrentQueue<string> Messages { get; } = new();

    private async Task AcceptAll()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Serve(client);
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                if (!Healthy)
                {
                    await writer.WriteLineAsync("421 4.3.2 Service not available");
                    return;
                }

                await writer.WriteLineAsync("220 fake.smtp ESMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var reply = line.Split(' ')[0].ToUpperInvariant() switch
                    {
                        "EHLO" or "HELO" => "250 fake.smtp",
                        "RCPT" when line.Contains(RefusedDomain, StringComparison.OrdinalIgnoreCase) => "550 5.1.1 No such mailbox",
                        "MAIL" or "RCPT" or "RSET" or "NOOP" => "250 2.0.0 OK",
                        "DATA" => "354 Go ahead",
                        "QUIT" => "221 2.0.0 Bye",
                        _ => "502 5.5.2 Not implemented",
                    };
                    await writer.WriteLineAsync(reply);
                    if (reply.StartsWith("354", StringComparison.Ordinal))
                        await writer.WriteLineAsync(await ReadMessage(reader));
                    if (reply.StartsWith("221", StringComparison.Ordinal))
                        return;
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task<string> ReadMessage(StreamReader reader)
    {
        var message = new StringBuilder();
        while (await reader.ReadLineAsync(_stop.Token) is { } line && line != ".")
            message.AppendLine(line);
        Messages.Enqueue(message.ToString());
        return "250 2.0.0 Queued";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
