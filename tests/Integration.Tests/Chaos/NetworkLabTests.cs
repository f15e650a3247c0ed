using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using EShop.Chaos.Network;

namespace EShop.Integration.Tests.Chaos;

/// <summary>
/// The chaos runner's network lab on the real kernel: nodes in their own network namespaces reach the host and each
/// other over the bridge, a partitioned node reaches nothing (established connections stall both ways and resume on
/// heal), loopback forwarders lead a node's 127.0.0.1:port to the host's and are cut by a partition too, and nothing
/// is left after dispose. Needs root, as CI has: without it the tests fail with the reason.
/// </summary>
public sealed class NetworkLabTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HealDeadline = TimeSpan.FromSeconds(30);

    // Connects within 2 s, sends a line, prints the line that comes back.
    private const string Client = """
        import socket, sys
        s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)
        s.sendall(sys.argv[3].encode() + b"\n")
        print(s.makefile().readline().strip())
        """;

    [Fact(Timeout = 120_000)]
    public async Task A_node_reaches_a_listener_of_the_host_at_the_host_address_and_another_node_at_its_address()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var lab = Create(2);
        Assert.Equal(Offset(lab, 1), lab.HostAddress);
        Assert.Equal(Offset(lab, 11), lab.NodeAddress(1));
        Assert.Equal($"{lab.Prefix}-n1", lab.NamespaceName(1));
        Assert.Equal("ip", Path.GetFileName(lab.ExecPrefix(1)[0]));
        Assert.Equal(["netns", "exec", $"{lab.Prefix}-n1"], lab.ExecPrefix(1).Skip(1));

        await using var host = EchoServer.Start(lab.HostAddress);
        await using var node2 = EchoServer.Start(lab.NodeAddress(2), lab.NamespaceName(2));

        Assert.Equal("host:hi", await ReachAsync(lab, 1, lab.HostAddress, host.Port, cancellation));
        Assert.Equal("host:hi", await ReachAsync(lab, 2, lab.HostAddress, host.Port, cancellation));
        Assert.Equal($"{lab.NodeAddress(2)}:hi", await ReachAsync(lab, 1, lab.NodeAddress(2), node2.Port, cancellation));
        // And the host reaches a node, as the Api reaches a silo's gateway.
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(lab.NodeAddress(2), node2.Port, cancellation);
        await client.SendAsync("hey\n"u8.ToArray(), cancellation);
        Assert.Equal($"{lab.NodeAddress(2)}:hey\n", await ReceiveAsync(client, $"{lab.NodeAddress(2)}:hey\n".Length, cancellation));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_partitioned_node_reaches_neither_the_host_nor_another_node_its_open_connection_stalls_both_ways_and_all_is_back_after_heal()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var lab = Create(2);
        await using var host = EchoServer.Start(lab.HostAddress);
        await using var node2 = EchoServer.Start(lab.NodeAddress(2), lab.NamespaceName(2));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(lab.HostAddress, 0));
        listener.Listen();
        using var inside = NetworkNamespace.Run(lab.NamespaceName(1), () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await inside.ConnectAsync(listener.LocalEndPoint!, cancellation);
        using var outside = await listener.AcceptAsync(cancellation);
        Assert.Equal(lab.NodeAddress(1), ((IPEndPoint)outside.RemoteEndPoint!).Address);
        await inside.SendAsync("before"u8.ToArray(), cancellation);
        Assert.Equal("before", await ReceiveAsync(outside, 6, cancellation));

        lab.Partition(1);
        lab.Partition(1);
        Assert.True(lab.IsPartitioned(1));
        await Assert.ThrowsAnyAsync<Exception>(() => ReachAsync(lab, 1, lab.HostAddress, host.Port, cancellation));
        await Assert.ThrowsAnyAsync<Exception>(() => ReachAsync(lab, 1, lab.NodeAddress(2), node2.Port, cancellation));
        Assert.Equal("host:hi", await ReachAsync(lab, 2, lab.HostAddress, host.Port, cancellation));
        // The open connection is neither reset nor carried: each side's bytes wait in TCP's retransmission.
        await inside.SendAsync("up"u8.ToArray(), cancellation);
        await outside.SendAsync("down"u8.ToArray(), cancellation);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReceiveAsync(outside, 2, cancellation, ConnectTimeout));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReceiveAsync(inside, 4, cancellation, ConnectTimeout));

        lab.Heal(1);
        lab.Heal(1);
        Assert.False(lab.IsPartitioned(1));
        Assert.Equal("up", await ReceiveAsync(outside, 2, cancellation, HealDeadline));
        Assert.Equal("down", await ReceiveAsync(inside, 4, cancellation, HealDeadline));
        Assert.Equal("host:hi", await ReachAsync(lab, 1, lab.HostAddress, host.Port, cancellation));
        Assert.Equal($"{lab.NodeAddress(2)}:hi", await ReachAsync(lab, 1, lab.NodeAddress(2), node2.Port, cancellation));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_forwarded_loopback_port_inside_a_node_leads_to_the_host_loopback_and_is_cut_by_a_partition()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var home = NetworkNamespace.CurrentThreadNamespace();
        using var lab = Create(2);
        await using var loopback = EchoServer.Start(IPAddress.Loopback);
        await using var other = EchoServer.Start(IPAddress.Loopback);

        lab.ForwardLoopback(1, loopback.Port);
        lab.ForwardLoopback(1, loopback.Port);
        Assert.Equal("host:hi", await ReachAsync(lab, 1, IPAddress.Loopback, loopback.Port, cancellation));
        // Not forwarded: 127.0.0.1 inside node 2 is its own loopback.
        await Assert.ThrowsAnyAsync<Exception>(() => ReachAsync(lab, 2, IPAddress.Loopback, loopback.Port, cancellation));
        var payload = RandomNumberGenerator.GetHexString(40_000);
        Assert.Equal($"host:{payload}", await ReachAsync(lab, 1, IPAddress.Loopback, loopback.Port, cancellation, payload));

        using var held = NetworkNamespace.Run(lab.NamespaceName(1), () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await held.ConnectAsync(IPAddress.Loopback, loopback.Port, cancellation);
        await held.SendAsync("held\n"u8.ToArray(), cancellation);
        Assert.Equal("host:held\n", await ReceiveAsync(held, 10, cancellation));

        lab.Partition(1);
        await Assert.ThrowsAnyAsync<Exception>(() => ReachAsync(lab, 1, IPAddress.Loopback, loopback.Port, cancellation));
        // The connection open through the forwarder is reset, not left to carry bytes.
        int? answered = null;
        try
        {
            await held.SendAsync("more\n"u8.ToArray(), cancellation);
            answered = (await ReceiveAsync(held, 1, cancellation, ConnectTimeout)).Length;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            // Reset or closed.
        }

        Assert.Null(answered);

        lab.Heal(1);
        Assert.Equal("host:again", await ReachAsync(lab, 1, IPAddress.Loopback, loopback.Port, cancellation, "again"));

        lab.ForwardLoopback([loopback.Port, other.Port]);
        Assert.Equal("host:hi", await ReachAsync(lab, 2, IPAddress.Loopback, loopback.Port, cancellation));
        Assert.Equal("host:hi", await ReachAsync(lab, 2, IPAddress.Loopback, other.Port, cancellation));
        lab.Partition(2);
        Assert.Equal("host:hi", await ReachAsync(lab, 1, IPAddress.Loopback, other.Port, cancellation));
        await Assert.ThrowsAnyAsync<Exception>(() => ReachAsync(lab, 2, IPAddress.Loopback, other.Port, cancellation));
        Assert.Equal(home, NetworkNamespace.CurrentThreadNamespace());
    }

    [Fact(Timeout = 120_000)]
    public async Task Dispose_and_a_new_create_with_the_same_prefix_leave_no_namespace_link_or_process_behind()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var abandoned = Create(2);
        var prefix = abandoned.Prefix;
        await using var loopback = EchoServer.Start(IPAddress.Loopback);
        abandoned.ForwardLoopback(1, loopback.Port);

        // As after a runner killed with SIGKILL: a new lab with the prefix first removes the old one.
        using (var lab = NetworkLab.Create(prefix, 3, abandoned.Subnet.ToString()))
        {
            Assert.Equal([$"{prefix}-n1", $"{prefix}-n2", $"{prefix}-n3"], Namespaces(prefix));
            lab.ForwardLoopback([loopback.Port]);
            lab.Partition(2);
            using var sleeper = Process.Start(Command([.. lab.ExecPrefix(1), "sleep", "300"]))!;
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation);
            Assert.False(sleeper.HasExited);
            lab.Dispose();
            Assert.True(sleeper.WaitForExit(TimeSpan.FromSeconds(10)), "a process left inside a node outlived the lab");
        }

        Assert.Empty(Leftovers(prefix));
        abandoned.Dispose();
        NetworkLab.CleanUp(prefix);
        Assert.Empty(Leftovers(prefix));
    }

    private static NetworkLab Create(int nodes)
    {
        Assert.True(NetworkLab.IsAvailable(out var reason), reason);
        // A subnet of its own, so tests running side by side (and a chaos run on the default) do not clash.
        var subnet = $"10.213.{Random.Shared.Next(1, 255)}.0/24";
        return NetworkLab.Create($"nl{RandomNumberGenerator.GetHexString(6, lowercase: true)}", nodes, subnet);
    }

    private static IPAddress Offset(NetworkLab lab, int offset)
    {
        var bytes = lab.Subnet.BaseAddress.GetAddressBytes();
        bytes[3] += (byte)offset;
        return new IPAddress(bytes);
    }

    private static List<string> Namespaces(string prefix) =>
        [.. Run("/usr/sbin/ip", "netns", "list").Split('\n').Select(line => line.Split(' ')[0]).Where(name => name.StartsWith(prefix, StringComparison.Ordinal)).Order()];

    private static List<string> Leftovers(string prefix)
    {
        var namespaces = Run("/usr/sbin/ip", "netns", "list");
        var links = Run("/usr/sbin/ip", "-o", "link", "show");
        return [.. $"{namespaces}\n{links}".Split('\n').Where(line => line.Contains(prefix, StringComparison.Ordinal))];
    }

    private static async Task<string> ReachAsync(NetworkLab lab, int node, IPAddress address, int port, CancellationToken cancellation, string line = "hi")
    {
        using var process = Process.Start(Command([.. lab.ExecPrefix(node), "python3", "-c", Client,
            address.ToString(), port.ToString(CultureInfo.InvariantCulture), line]))!;
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var error = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new IOException($"node {node} did not reach {address}:{port}: {(await error).Trim()}");
    }

    private static async Task<string> ReceiveAsync(Socket socket, int count, CancellationToken cancellation, TimeSpan? within = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(within ?? HealDeadline);
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), deadline.Token);
            if (n == 0)
                throw new IOException($"closed after {read} of {count} bytes");
            read += n;
        }

        return Encoding.ASCII.GetString(buffer);
    }

    private static ProcessStartInfo Command(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
            start.ArgumentList.Add(argument);
        return start;
    }

    private static string Run(params string[] command)
    {
        using var process = Process.Start(Command(command))!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    /// <summary>Answers each line with "{who}:{line}", on a listener in the host or made inside a node's namespace.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly Socket _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;

        private EchoServer(Socket listener, string who)
        {
            _listener = listener;
            _accepting = AcceptAsync(who);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

        public static EchoServer Start(IPAddress address, string? namespaceName = null)
        {
            Socket Listen()
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(address, 0));
                socket.Listen();
                return socket;
            }

            return namespaceName is null
                ? new EchoServer(Listen(), "host")
                : new EchoServer(NetworkNamespace.Run(namespaceName, Listen), address.ToString());
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            await _accepting;
            _stop.Dispose();
        }

        private async Task AcceptAsync(string who)
        {
            try
            {
                while (true)
                {
                    var connection = await _listener.AcceptAsync(_stop.Token);
                    _ = AnswerAsync(connection, who);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Stopped.
            }
        }

        private async Task AnswerAsync(Socket connection, string who)
        {
            using (connection)
            await using (var stream = new NetworkStream(connection))
            {
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
                try
                {
                    while (await reader.ReadLineAsync(_stop.Token) is { } line)
                        await writer.WriteLineAsync($"{who}:{line}".AsMemory(), _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
                {
                    // The client went away, or the server stops.
                }
            }
        }
    }
}
