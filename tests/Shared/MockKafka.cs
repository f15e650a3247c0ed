using System.Text;
using Confluent.Kafka;

namespace EShop.Tests.Shared;

/// <summary>
/// librdkafka's in-process mock cluster for tests: three brokers on 127.0.0.1, living as long as this object.
/// Point a silo at <see cref="BootstrapServers"/> (<c>Kafka:BootstrapServers</c>); produce and read raw messages
/// with plain Confluent clients, as any system outside the shop would.
/// </summary>
/// <remarks>
/// Topics auto-create with <see cref="Partitions"/> partitions on first use. The mock answers no CreateTopics
/// (it has no controller): <see cref="CreateTopics"/> creates topics by asking for their metadata instead.
/// Joining a consumer group takes seconds there, so readers here are assigned partitions and join no group.
/// </remarks>
internal sealed class MockKafka : IDisposable
{
    public const int Partitions = 4;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(50);

    private readonly IProducer<Null, Null> _cluster;
    private readonly IProducer<string?, byte[]> _producer;

    private MockKafka(IProducer<Null, Null> cluster, string bootstrapServers)
    {
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
        _producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 0,
        }).SetLogHandler((_, _) => { }).Build();
    }

    /// <summary>The brokers' addresses, e.g. <c>127.0.0.1:41234,127.0.0.1:39877,127.0.0.1:45121</c>.</summary>
    public string BootstrapServers { get; }

    public static MockKafka Start()
    {
        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", "3");
        var cluster = new ProducerBuilder<Null, Null>(config).SetLogHandler((_, _) => { }).Build();
        try
        {
            using var admin = new DependentAdminClientBuilder(cluster.Handle).Build();
            var brokers = admin.GetMetadata(RequestTimeout).Brokers.OrderBy(b => b.BrokerId);
            return new MockKafka(cluster, string.Join(",", brokers.Select(b => $"{b.Host}:{b.Port}")));
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Creates the topics now, so that a consumer assigned to them finds them.</summary>
    public void CreateTopics(params IEnumerable<string> topics)
    {
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, RequestTimeout).Topics.Single();
            if (metadata.Error.IsError || metadata.Partitions.Count == 0)
                throw new InvalidOperationException($"The mock cluster did not create {topic}: {metadata.Error.Reason}");
        }
    }

    public Task<DeliveryResult<string?, byte[]>> ProduceAsync(string topic, string? key, string value, int? partition = null, DateTimeOffset? timestamp = null) =>
        ProduceAsync(topic, key, Encoding.UTF8.GetBytes(value), partition, timestamp);

    /// <summary>
    /// Writes a message and waits for the brokers to take it; without a partition, librdkafka picks it by key;
    /// without a timestamp, the message's is the time it was produced.
    /// </summary>
    public Task<DeliveryResult<string?, byte[]>> ProduceAsync(string topic, string? key, byte[] value, int? partition = null, DateTimeOffset? timestamp = null)
    {
        var message = new Message<string?, byte[]> { Key = key, Value = value };
        if (timestamp is { } time)
            message.Timestamp = new Timestamp(time);
        return partition is { } chosen
            ? _producer.ProduceAsync(new TopicPartition(topic, chosen), message)
            : _producer.ProduceAsync(topic, message);
    }

    /// <summary>A consumer of every partition of <paramref name="topic"/> from its start, in no group; dispose it.</summary>
    public IConsumer<string?, byte[]> Reader(string topic) => Reader(BootstrapServers, topic);

    /// <inheritdoc cref="Reader(string)"/>
    public static IConsumer<string?, byte[]> Reader(string bootstrapServers, string topic)
    {
        var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"mock-reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 20,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        return consumer;
    }

    /// <summary>
    /// Reads <paramref name="topic"/> from its start until <paramref name="count"/> messages that
    /// <paramref name="match"/> (all when null) were read, in each partition's order; throws when that takes
    /// longer than <paramref name="within"/>.
    /// </summary>
    public Task<IReadOnlyList<ConsumeResult<string?, byte[]>>> ReadAsync(
        string topic, int count, TimeSpan within, Func<ConsumeResult<string?, byte[]>, bool>? match = null) =>
        ReadAsync(BootstrapServers, topic, count, within, match);

    /// <summary>As <see cref="ReadAsync(string, int, TimeSpan, Func{ConsumeResult{string, byte[]}, bool})"/>, on any cluster.</summary>
    public static Task<IReadOnlyList<ConsumeResult<string?, byte[]>>> ReadAsync(
        string bootstrapServers, string topic, int count, TimeSpan within, Func<ConsumeResult<string?, byte[]>, bool>? match = null) =>
        Task.Run<IReadOnlyList<ConsumeResult<string?, byte[]>>>(() =>
        {
            using var reader = Reader(bootstrapServers, topic);
            var read = new List<ConsumeResult<string?, byte[]>>();
            var deadline = DateTime.UtcNow + within;
            while (read.Count < count)
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Read {read.Count} of {count} messages from {topic} in {within.TotalSeconds} s.");
                if (reader.Consume(PollTimeout) is { IsPartitionEOF: false } result && (match is null || match(result)))
                    read.Add(result);
            }

            return read;
        });

    /// <summary>The offsets <paramref name="group"/> committed in each partition of <paramref name="topic"/> (Unset where none).</summary>
    public Task<IReadOnlyList<TopicPartitionOffset>> CommittedAsync(string group, string topic) =>
        Task.Run<IReadOnlyList<TopicPartitionOffset>>(() =>
        {
            using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
            {
                BootstrapServers = BootstrapServers,
                GroupId = group,
                EnableAutoCommit = false,
            }).SetLogHandler((_, _) => { }).Build();
            return consumer.Committed(Enumerable.Range(0, Partitions).Select(p => new TopicPartition(topic, p)), RequestTimeout);
        });

    /// <summary>Stops the cluster: clients still pointed at it lose their brokers.</summary>
    public void Dispose()
    {
        _producer.Dispose();
        _cluster.Dispose();
    }
}
