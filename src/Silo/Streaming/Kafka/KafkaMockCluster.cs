using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// librdkafka's in-process mock cluster (<c>Kafka:BootstrapServers=mock</c>): three brokers on 127.0.0.1 that
/// live as long as the producer that started them. One per process, shared by every silo in it (test clusters
/// run several), and stopped when the last silo lets go of it.
/// </summary>
/// <remarks>
/// The mock auto-creates topics (4 partitions) and keeps groups' offsets, but answers no CreateTopics (it has no
/// controller), so <see cref="KafkaTopicCreator"/> makes it create topics by asking for their metadata.
/// </remarks>
internal sealed partial class KafkaMockCluster
{
    private static readonly Lock Gate = new();
    private static KafkaMockCluster? _shared;
    private static int _leases;

    private readonly IProducer<Null, Null> _producer;

    private KafkaMockCluster(IProducer<Null, Null> producer, string bootstrapServers)
    {
        _producer = producer;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The brokers' addresses, for any client in this process.</summary>
    public string BootstrapServers { get; }

    /// <summary>A hold on the process's mock cluster, started if none runs; dispose it to let go.</summary>
    public static Lease Acquire(ILogger logger)
    {
        lock (Gate)
        {
            if (_shared is null)
            {
                _shared = Start(logger);
                LogListening(logger, _shared.BootstrapServers);
            }

            _leases++;
            return new Lease(_shared);
        }
    }

    private static KafkaMockCluster Start(ILogger logger)
    {
        var config = new ProducerConfig { ClientId = "eshop-kafka-mock" };
        config.Set("test.mock.num.brokers", "3");
        var producer = new ProducerBuilder<Null, Null>(config)
            .SetLogHandler((_, message) => KafkaClientLog.Log(logger, message))
            .Build();
        try
        {
            using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
            var brokers = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.OrderBy(b => b.BrokerId);
            return new KafkaMockCluster(producer, string.Join(",", brokers.Select(b => $"{b.Host}:{b.Port}")));
        }
        catch
        {
            producer.Dispose();
            throw;
        }
    }

    private static void Release()
    {
        lock (Gate)
        {
            if (--_leases > 0 || _shared is null)
                return;
            _shared._producer.Dispose();
            _shared = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka mock cluster listening at {BootstrapServers}: events live in this process's memory only")]
    private static partial void LogListening(ILogger logger, string bootstrapServers);

    internal sealed class Lease(KafkaMockCluster cluster) : IDisposable
    {
        private int _released;

        public string BootstrapServers => cluster.BootstrapServers;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                Release();
        }
    }
}
