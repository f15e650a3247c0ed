using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// A silo's way to Kafka: the brokers (the mock cluster's when <c>Kafka:BootstrapServers=mock</c>), the settings
/// of every client, and the one producer all its streams write with. Nothing connects before first use.
/// </summary>
internal sealed class KafkaClients(IOptions<KafkaOptions> options, ILogger<KafkaClients> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private KafkaMockCluster.Lease? _mock;
    private string? _bootstrapServers;
    private IProducer<string, byte[]>? _producer;
    private bool _disposed;

    public KafkaOptions Options => options.Value;

    public string BootstrapServers
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_bootstrapServers is null && Options.IsMock)
                    _mock = KafkaMockCluster.Acquire(logger);
                return _bootstrapServers ??= _mock?.BootstrapServers ?? Options.BootstrapServers;
            }
        }
    }

    public IProducer<string, byte[]> Producer
    {
        get
        {
            var bootstrapServers = BootstrapServers;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _producer ??= new ProducerBuilder<string, byte[]>(KafkaClientSettings.Producer(Options, bootstrapServers))
                    .SetLogHandler((_, message) => KafkaClientLog.Log(logger, message))
                    .SetErrorHandler((_, error) => KafkaClientLog.Error(logger, error))
                    .Build();
            }
        }
    }

    public IConsumer<string?, byte[]> CreateConsumer(ILogger consumerLogger) =>
        new ConsumerBuilder<string?, byte[]>(KafkaClientSettings.Consumer(Options, BootstrapServers))
            .SetLogHandler((_, message) => KafkaClientLog.Log(consumerLogger, message))
            .SetErrorHandler((_, error) => KafkaClientLog.Error(consumerLogger, error))
            .Build();

    public IAdminClient CreateAdminClient() =>
        new AdminClientBuilder(KafkaClientSettings.Admin(Options, BootstrapServers))
            .SetLogHandler((_, message) => KafkaClientLog.Log(logger, message))
            .SetErrorHandler((_, error) => KafkaClientLog.Error(logger, error))
            .Build();

    /// <summary>Sends what the producer still holds (bounded by the produce timeout), then lets go of the mock cluster.</summary>
    public void Dispose()
    {
        IProducer<string, byte[]>? producer;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            producer = _producer;
        }

        if (producer is not null)
        {
            producer.Flush(TimeSpan.FromSeconds(5));
            producer.Dispose();
        }

        _mock?.Dispose();
    }
}
