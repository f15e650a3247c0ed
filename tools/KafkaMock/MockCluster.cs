using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace EShop.KafkaMock;

/// <summary>
/// librdkafka's mock cluster behind a Confluent client created with <c>test.mock.num.brokers</c>, reached through the
/// native API that Confluent.Kafka does not wrap, in the very librdkafka the package loaded: it picks a build that
/// loads on this system (runtimes/linux-x64/native holds several), which the default probing of "librdkafka" would not.
/// </summary>
internal sealed class MockCluster
{
    private const string Librdkafka = "librdkafka";

    private readonly IntPtr _handle;

    static MockCluster() => NativeLibrary.SetDllImportResolver(typeof(MockCluster).Assembly, Resolve);

    private MockCluster(IntPtr handle) => _handle = handle;

    /// <summary>The mock cluster of <paramref name="client"/>; it lives as long as the client.</summary>
    public static MockCluster Of(IClient client)
    {
        // Confluent.Kafka keeps the rd_kafka_t* in an internal SafeHandle.
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("Confluent.Kafka's Handle has no LibrdkafkaHandle property.");
        var librdkafkaHandle = (SafeHandle)property.GetValue(client.Handle)!;
        var cluster = ClusterHandle(librdkafkaHandle.DangerousGetHandle());
        return cluster == IntPtr.Zero
            ? throw new InvalidOperationException("The client was not created with test.mock.num.brokers: it has no mock cluster.")
            : new MockCluster(cluster);
    }

    /// <summary>Takes the brokers away or brings them back; answers the acknowledgement line.</summary>
    public string SetBrokers(IEnumerable<int> brokerIds, bool up)
    {
        foreach (var id in brokerIds)
        {
            var error = (ErrorCode)(up ? BrokerSetUp(_handle, id) : BrokerSetDown(_handle, id));
            if (error != ErrorCode.NoError)
                return $"error: broker {id} not {(up ? "up" : "down")}: {error}";
        }

        return up ? "brokers up" : "brokers down";
    }

    /// <summary>The librdkafka mapped into this process already (Linux), else the default probing.</summary>
    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Librdkafka)
            return IntPtr.Zero;
        var loaded = File.Exists("/proc/self/maps")
            ? File.ReadLines("/proc/self/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(5))
                .FirstOrDefault(path => path is not null && Path.GetFileName(path).EndsWith("librdkafka.so", StringComparison.Ordinal))
            : null;
        return loaded is not null && NativeLibrary.TryLoad(loaded, out var handle) ? handle : IntPtr.Zero;
    }

    [DllImport(Librdkafka, EntryPoint = "rd_kafka_handle_mock_cluster")]
    private static extern IntPtr ClusterHandle(IntPtr rk);

    [DllImport(Librdkafka, EntryPoint = "rd_kafka_mock_broker_set_down")]
    private static extern int BrokerSetDown(IntPtr mockCluster, int brokerId);

    [DllImport(Librdkafka, EntryPoint = "rd_kafka_mock_broker_set_up")]
    private static extern int BrokerSetUp(IntPtr mockCluster, int brokerId);
}
