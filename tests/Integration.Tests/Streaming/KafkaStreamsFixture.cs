using EShop.Grains.Abstractions.Events;
using EShop.Integration.Tests.Recovery;
using EShop.Tests.Shared;
using Orleans.TestingHost;

namespace EShop.Integration.Tests.Streaming;

/// <summary>
/// Two silos streaming through a mock Kafka cluster on topics of their own, with an external topic. Tests share
/// it through fresh stream keys. Start-up ends once the silos have split every partition between them.
/// </summary>
public sealed class KafkaStreamsFixture : IAsyncLifetime
{
    private static readonly TimeSpan SplitDeadline = TimeSpan.FromSeconds(30);
    private InProcessTestCluster? _cluster;
    private MockKafka? _kafka;

    public string TopicPrefix { get; } = KafkaCluster.NewTopicPrefix();

    public string ConsumerGroup { get; } = $"eshop-it-{Guid.NewGuid():N}";

    public string ExternalTopic => TopicPrefix + "inbound";

    /// <summary>Every topic the silos read, each with <see cref="MockKafka.Partitions"/> partitions.</summary>
    public IReadOnlyList<string> Topics => [.. EventStreams.Domain.Select(TopicOf), ExternalTopic];

    internal MockKafka Kafka => _kafka ?? throw new InvalidOperationException("Kafka has not started.");

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("The cluster has not started.")).Client;

    public LogTail Log { get; } = new();

    internal LagReadings Lag { get; } = new();

    public string TopicOf(string streamNamespace) => TopicPrefix + streamNamespace;

    public async ValueTask InitializeAsync()
    {
        _kafka = MockKafka.Start();
        // Created before the silos assign themselves their partitions, as the provider would create them.
        _kafka.CreateTopics(Topics);
        var settings = KafkaCluster.Settings(_kafka.BootstrapServers, TopicPrefix, ConsumerGroup);
        settings["Kafka:ExternalTopic"] = ExternalTopic;
        _cluster = await KafkaCluster.StartAsync(settings, silos: 2, Log);
        await WaitUntilSiloSplitPartitionsAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
        Lag.Dispose();
        _kafka?.Dispose();
    }

    /// <summary>Every partition read by exactly one silo, and both silos reading: queue balancing is over.</summary>
    private async Task WaitUntilSiloSplitPartitionsAsync()
    {
        var expected = Topics.Count * MockKafka.Partitions;
        var deadline = DateTime.UtcNow + SplitDeadline;
        while (true)
        {
            var readings = Lag.Read(TopicPrefix);
            var partitions = readings.Select(r => (r.Topic, r.Partition)).ToList();
            if (partitions.Count == expected && partitions.Distinct().Count() == expected && readings.Select(r => r.Silo).Distinct().Count() == 2)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The silos did not split the {expected} partitions in {SplitDeadline.TotalSeconds} s: {readings.Count} readings.\n{Log}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class KafkaStreams : ICollectionFixture<KafkaStreamsFixture>
{
    public const string Name = "Kafka streams";
}
