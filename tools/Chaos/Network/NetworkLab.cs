using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace EShop.Chaos.Network;

/// <summary>
/// A private network on this machine for the chaos runner: node i (1..n) is a network namespace
/// <c>{prefix}-n{i}</c> joined by a veth pair to a bridge <c>{prefix}-br</c> in the host's namespace, so a silo started
/// with <see cref="ExecPrefix"/> can be partitioned from everything (<see cref="Partition"/>) and healed
/// (<see cref="Heal"/>) while it keeps running. Only private addresses are used (bridge 10.213.0.1/24 by default, node
/// i at .(10+i)); the machine's own interfaces are not touched.
/// </summary>
/// <remarks>
/// <para>Nodes reach services of the host at <see cref="HostAddress"/>, not at 127.0.0.1, which is their own loopback.
/// Such a service must listen there: PostgreSQL needs <c>listen_addresses</c> to include the host address (e.g.
/// <c>'127.0.0.1,10.213.0.1'</c>) and a <c>pg_hba.conf</c> line for the subnet (e.g.
/// <c>host all all 10.213.0.0/24 scram-sha-256</c>), and the bridge must exist before PostgreSQL starts.</para>
/// <para>A service that only binds the host's loopback and advertises 127.0.0.1:port (librdkafka's mock cluster) is
/// reached through <see cref="ForwardLoopback(int, int)"/>, which makes 127.0.0.1:port inside a node lead there.</para>
/// <para>Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN for <c>setns</c>) and iproute2; see <see cref="IsAvailable"/>.
/// The lab tears itself down (as <see cref="Dispose"/> does, killing whatever still runs in its namespaces) on
/// SIGTERM, SIGINT, SIGHUP and SIGQUIT, before the process's own handling of the signal goes on, and at process exit;
/// after a SIGKILL the next <see cref="Create"/> with the same prefix, or <see cref="CleanUp"/>, removes what is
/// left.</para>
/// </remarks>
public sealed partial class NetworkLab : IDisposable
{
    /// <summary>The subnet used unless another is given; the host is its first address.</summary>
    public const string DefaultSubnet = "10.213.0.0/24";

    private const int InterfaceNameLimit = 15;
    private const int FirstNodeOffset = 10;
    private const string InsideInterface = "eth0";
    private static readonly PosixSignal[] Terminating = [PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP, PosixSignal.SIGQUIT];

    private readonly Lock _gate = new();
    private readonly HashSet<int> _partitioned = [];
    private readonly Dictionary<(int Node, int Port), LoopbackForwarder> _forwarders = [];
    private readonly List<PosixSignalRegistration> _signals = [];
    private bool _disposed;

    private NetworkLab(string prefix, int nodes, IPNetwork subnet)
    {
        Prefix = prefix;
        Nodes = nodes;
        Subnet = subnet;
        HostAddress = Offset(subnet, 1);
    }

    /// <summary>The prefix of every namespace and link of this lab.</summary>
    public string Prefix { get; }

    /// <summary>How many nodes there are, numbered from 1.</summary>
    public int Nodes { get; }

    /// <summary>The subnet of the bridge and the nodes.</summary>
    public IPNetwork Subnet { get; }

    /// <summary>The host's address on the bridge (10.213.0.1 by default): where nodes reach the host's services.</summary>
    public IPAddress HostAddress { get; }

    /// <summary>The bridge in the host's namespace.</summary>
    public string BridgeName => BridgeNameOf(Prefix);

    /// <summary>Node <paramref name="node"/>'s address (10.213.0.(10+node) by default).</summary>
    public IPAddress NodeAddress(int node) => Offset(Subnet, FirstNodeOffset + CheckNode(node));

    /// <summary>Node <paramref name="node"/>'s network namespace, <c>{prefix}-n{node}</c>.</summary>
    public string NamespaceName(int node) => NamespaceNameOf(Prefix, CheckNode(node));

    /// <summary>
    /// The command line start that runs a program inside node <paramref name="node"/>:
    /// <c>[ip, netns, exec, {namespace}]</c>, with ip's full path; append the program and its arguments.
    /// </summary>
    public IReadOnlyList<string> ExecPrefix(int node) => [IpPath, "netns", "exec", NamespaceName(node)];

    /// <summary>Whether node <paramref name="node"/> is cut off right now.</summary>
    public bool IsPartitioned(int node)
    {
        CheckNode(node);
        lock (_gate)
            return _partitioned.Contains(node);
    }

    /// <summary>
    /// Checks that this process may build a lab: Linux, iproute2, and the rights to add a namespace with a bridge and
    /// a veth pair in it and to enter it with <c>setns</c>, tried on a throwaway namespace.
    /// </summary>
    public static bool IsAvailable(out string reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            reason = "network namespaces exist on Linux only";
            return false;
        }

        if (IpCommand.Path is null)
        {
            reason = "iproute2's ip is not installed";
            return false;
        }

        var probe = $"eshop-probe-{Environment.ProcessId}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";
        try
        {
            IpCommand.Run("netns", "add", probe);
            try
            {
                IpCommand.Run("-n", probe, "link", "add", "probe-br", "type", "bridge");
                IpCommand.Run("-n", probe, "link", "add", "probe-h", "type", "veth", "peer", "name", "probe-c");
                NetworkNamespace.Run(probe, () => NetworkNamespace.CurrentThreadNamespace());
            }
            finally
            {
                IpCommand.TryRun("netns", "delete", probe);
            }
        }
        catch (Exception e)
        {
            reason = $"cannot build a network lab (root, or CAP_NET_ADMIN and CAP_SYS_ADMIN, are needed): {e.Message}";
            return false;
        }

        reason = "";
        return true;
    }

    /// <summary>
    /// Removes what an earlier run with the same prefix left, then builds the bridge with the host's address and
    /// <paramref name="nodes"/> namespaces, each with lo up and a veth whose inside end has the node's address and a
    /// default route via the host.
    /// </summary>
    /// <param name="prefix">Lowercase letters, digits and dashes, short enough for <c>{prefix}-h{nodes}</c> to fit
    /// IFNAMSIZ (15 characters).</param>
    /// <param name="nodes">How many nodes.</param>
    /// <param name="subnet">An IPv4 subnet that no interface of the machine is in yet.</param>
    public static NetworkLab Create(string prefix, int nodes, string subnet = DefaultSubnet)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!PrefixShape().IsMatch(prefix))
            throw new ArgumentException($"'{prefix}' is not lowercase letters, digits and dashes starting with a letter.", nameof(prefix));
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        if (HostEndName(prefix, nodes).Length > InterfaceNameLimit || BridgeNameOf(prefix).Length > InterfaceNameLimit)
            throw new ArgumentException($"'{prefix}' is too long: {HostEndName(prefix, nodes)} must fit {InterfaceNameLimit} characters.", nameof(prefix));
        var network = IPNetwork.Parse(subnet);
        if (network.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"{subnet} is not IPv4.", nameof(subnet));
        if (FirstNodeOffset + nodes >= (1L << (32 - network.PrefixLength)) - 1)
            throw new ArgumentException($"{subnet} has no room for {nodes} nodes from offset {FirstNodeOffset + 1}.", nameof(subnet));

        CleanUp(prefix);
        var taken = UsedAddresses().FirstOrDefault(a => network.Contains(a.Address));
        if (taken != default)
            throw new InvalidOperationException($"{subnet} is already in use: {taken.Device} has {taken.Address}.");

        var lab = new NetworkLab(prefix, nodes, network);
        try
        {
            lab.Build();
        }
        catch
        {
            lab.Dispose();
            throw;
        }

        AppDomain.CurrentDomain.ProcessExit += lab.OnExit;
        foreach (var signal in Terminating)
            lab._signals.Add(PosixSignalRegistration.Create(signal, _ => lab.OnExit(null, EventArgs.Empty)));
        return lab;
    }

    /// <summary>
    /// Cuts node <paramref name="node"/> off from the host and every other node: the host end of its veth goes down,
    /// so the bridge drops its frames both ways and established TCP connections stall (nothing resets them, as with a
    /// pulled cable), and its loopback forwarders refuse and reset connections. Its processes keep running.
    /// </summary>
    public void Partition(int node)
    {
        CheckNode(node);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_partitioned.Add(node))
                return;
            IpCommand.Run("link", "set", HostEndName(Prefix, node), "down");
            foreach (var forwarder in ForwardersOf(node))
                forwarder.Stop();
        }
    }

    /// <summary>Undoes <see cref="Partition"/>: the veth's host end comes up and the forwarders listen again.</summary>
    public void Heal(int node)
    {
        CheckNode(node);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_partitioned.Remove(node))
                return;
            IpCommand.Run("link", "set", HostEndName(Prefix, node), "up");
            foreach (var forwarder in ForwardersOf(node))
                forwarder.Start();
        }
    }

    /// <summary>
    /// Makes 127.0.0.1:<paramref name="port"/> inside node <paramref name="node"/> lead to 127.0.0.1:port in the host's
    /// namespace (for the Kafka mock's brokers, which bind and advertise the host's loopback only).
    /// </summary>
    public void ForwardLoopback(int node, int port)
    {
        CheckNode(node);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, IPEndPoint.MinPort + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_forwarders.ContainsKey((node, port)))
                return;
            var forwarder = new LoopbackForwarder(NamespaceName(node), port);
            if (!_partitioned.Contains(node))
                forwarder.Start();
            _forwarders[(node, port)] = forwarder;
        }
    }

    /// <summary>Forwards each of <paramref name="ports"/> on every node; see <see cref="ForwardLoopback(int, int)"/>.</summary>
    public void ForwardLoopback(IEnumerable<int> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        foreach (var port in ports)
        {
            for (var node = 1; node <= Nodes; node++)
                ForwardLoopback(node, port);
        }
    }

    /// <summary>
    /// Removes every namespace (<c>{prefix}-n{i}</c>) and link (<c>{prefix}-br</c>, <c>{prefix}-h{i}</c>) with the
    /// prefix; processes still inside those namespaces are killed, or the namespaces would outlive their names.
    /// </summary>
    public static void CleanUp(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var links = Links(prefix);
        var namespaces = Namespaces(prefix);
        foreach (var name in namespaces)
            KillProcessesIn(name);
        foreach (var link in links)
            IpCommand.TryRun("link", "delete", link);
        foreach (var name in namespaces)
            IpCommand.TryRun("netns", "delete", name);
        foreach (var directory in Directory.Exists("/etc/netns") ? Directory.GetDirectories("/etc/netns", prefix + "-n*") : [])
            Directory.Delete(directory, recursive: true);

        var left = Links(prefix).Concat(Namespaces(prefix)).ToList();
        if (left.Count > 0)
            throw new InvalidOperationException($"Could not remove {string.Join(", ", left)}.");
    }

    /// <summary>Stops the forwarders and removes the namespaces, veths and bridge (see <see cref="CleanUp"/>).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var signal in _signals)
                signal.Dispose();
            _signals.Clear();
            AppDomain.CurrentDomain.ProcessExit -= OnExit;
        }

        TearDown();
    }

    private void TearDown()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (var forwarder in _forwarders.Values)
                forwarder.Dispose();
            _forwarders.Clear();
            CleanUp(Prefix);
        }
    }

    private void Build()
    {
        var bridge = BridgeName;
        var length = Subnet.PrefixLength.ToString(CultureInfo.InvariantCulture);
        IpCommand.Run("link", "add", bridge, "type", "bridge");
        // A bridge without an address of its own takes its lowest port's, and changes it as ports go down and up,
        // which would leave the nodes' ARP entries for the host stale after a partition.
        IpCommand.Run("link", "set", bridge, "address", LocalMacAddress());
        IpCommand.Run("address", "add", $"{HostAddress}/{length}", "dev", bridge);
        IpCommand.Run("link", "set", bridge, "up");
        for (var node = 1; node <= Nodes; node++)
        {
            var name = NamespaceName(node);
            var hostEnd = HostEndName(Prefix, node);
            IpCommand.Run("netns", "add", name);
            IpCommand.Run("-n", name, "link", "set", "lo", "up");
            IpCommand.Run("link", "add", hostEnd, "type", "veth", "peer", "name", InsideInterface, "netns", name);
            IpCommand.Run("link", "set", hostEnd, "master", bridge);
            IpCommand.Run("link", "set", hostEnd, "up");
            IpCommand.Run("-n", name, "address", "add", $"{NodeAddress(node)}/{length}", "dev", InsideInterface);
            IpCommand.Run("-n", name, "link", "set", InsideInterface, "up");
            IpCommand.Run("-n", name, "route", "add", "default", "via", HostAddress.ToString());
            WriteNameFiles(name, NodeAddress(node));
        }
    }

    /// <summary>
    /// <c>ip netns exec</c> mounts <c>/etc/netns/{name}/*</c> over <c>/etc</c>. A node has no route to the machine's DNS
    /// server, so a lookup there would wait out its timeouts (10 s for the machine's own name's IPv6 address, which
    /// .NET asks for at start-up): the node gets a hosts file that knows the machine's name and a resolver with no server,
    /// which fails at once.
    /// </summary>
    private static void WriteNameFiles(string name, IPAddress address)
    {
        var directory = NameFilesOf(name);
        Directory.CreateDirectory(directory);
        var host = System.Net.Dns.GetHostName();
        File.WriteAllText(Path.Combine(directory, "hosts"), $"127.0.0.1 localhost\n::1 localhost ip6-localhost\n{address} {host}\n");
        File.WriteAllText(Path.Combine(directory, "resolv.conf"), "# no name server inside a chaos lab node\noptions timeout:1 attempts:1\n");
    }

    private static string NameFilesOf(string name) => Path.Combine("/etc/netns", name);

    // Leaves the signal registrations alone: this may run inside one of their handlers.
    private void OnExit(object? sender, EventArgs e)
    {
        try
        {
            TearDown();
        }
        catch (InvalidOperationException failure)
        {
            Console.Error.WriteLine($"network lab {Prefix}: {failure.Message}");
        }
    }

    private IEnumerable<LoopbackForwarder> ForwardersOf(int node) =>
        _forwarders.Where(f => f.Key.Node == node).Select(f => f.Value);

    private int CheckNode(int node)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(node, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(node, Nodes);
        return node;
    }

    private static string IpPath => IpCommand.Path ?? throw new InvalidOperationException("iproute2's ip is not installed.");

    private static string BridgeNameOf(string prefix) => $"{prefix}-br";

    private static string HostEndName(string prefix, int node) => $"{prefix}-h{node}";

    private static string NamespaceNameOf(string prefix, int node) => $"{prefix}-n{node}";

    private static IPAddress Offset(IPNetwork network, int offset)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, BinaryPrimitives.ReadUInt32BigEndian(network.BaseAddress.GetAddressBytes()) + (uint)offset);
        return new IPAddress(bytes);
    }

    private static string LocalMacAddress()
    {
        var bytes = RandomNumberGenerator.GetBytes(6);
        bytes[0] = 0x02;
        return string.Join(':', bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    private static List<string> Links(string prefix)
    {
        var ours = new Regex($"^{Regex.Escape(prefix)}-(br|h[0-9]+)$", RegexOptions.CultureInvariant);
        // "7: name@if2: <...>"; the part after @ is the peer.
        return IpCommand.Run("-o", "link", "show")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 3))
            .Where(parts => parts.Length == 3)
            .Select(parts => parts[1].Trim().Split('@')[0])
            .Where(name => ours.IsMatch(name))
            .ToList();
    }

    private static List<string> Namespaces(string prefix)
    {
        var ours = new Regex($"^{Regex.Escape(prefix)}-n[0-9]+$", RegexOptions.CultureInvariant);
        // "name (id: 3)" or "name".
        return IpCommand.Run("netns", "list")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .Where(name => ours.IsMatch(name))
            .ToList();
    }

    private static void KillProcessesIn(string namespaceName)
    {
        var pids = IpCommand.Run("netns", "pids", namespaceName)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(pid => int.Parse(pid, CultureInfo.InvariantCulture))
            .Where(pid => pid != Environment.ProcessId);
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    private static IEnumerable<(string Device, IPAddress Address)> UsedAddresses() =>
        // "4: eth0    inet 10.0.0.2/24 brd ... scope global eth0\..."
        IpCommand.Run("-o", "-4", "address", "show")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 3 && fields[2] == "inet")
            .Select(fields => (fields[1], IPAddress.Parse(fields[3].Split('/')[0])));

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex PrefixShape();
}
