using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>The names of the Kafka provider's meter and instruments.</summary>
public static class KafkaMetrics
{
    public const string MeterName = "EShop.Streaming";

    /// <summary>Per topic and partition this silo consumes: the high watermark minus the committed (or consumed) position.</summary>
    public const string ConsumerLag = "eshop.kafka.consumer.lag";

    /// <summary>Events the brokers acknowledged, per topic.</summary>
    public const string Published = "eshop.kafka.events.published";

    /// <summary>Events read from the brokers by this silo, per topic.</summary>
    public const string Consumed = "eshop.kafka.events.consumed";

    public const string TopicTag = "topic";

    public const string PartitionTag = "partition";
}

/// <summary>
/// Events published and consumed, and the consumer lag gauge. The poll thread computes each partition's lag without
/// blocking anyone; the gauge only reads what it last computed, because asking the brokers from a metrics
/// collection would block it.
/// </summary>
internal sealed class KafkaMeters
{
    private readonly ConcurrentDictionary<TopicPartition, long> _lag = new();
    private readonly Counter<long> _published;
    private readonly Counter<long> _consumed;

    public KafkaMeters(IMeterFactory meters)
    {
        var meter = meters.Create(KafkaMetrics.MeterName);
        _published = meter.CreateCounter<long>(KafkaMetrics.Published, "{event}", "Events the Kafka brokers acknowledged.");
        _consumed = meter.CreateCounter<long>(KafkaMetrics.Consumed, "{event}", "Events this silo read from Kafka.");
        meter.CreateObservableGauge(
            KafkaMetrics.ConsumerLag,
            Observe,
            unit: "{message}",
            description: "Messages of a partition this silo consumes that are not committed yet.");
    }

    public void Published(string topic, int count) => _published.Add(count, new KeyValuePair<string, object?>(KafkaMetrics.TopicTag, topic));

    public void Consumed(string topic) => _consumed.Add(1, new KeyValuePair<string, object?>(KafkaMetrics.TopicTag, topic));

    public void Set(TopicPartition partition, long lag) => _lag[partition] = Math.Max(0, lag);

    public void Remove(TopicPartition partition) => _lag.TryRemove(partition, out _);

    private IEnumerable<Measurement<long>> Observe() =>
        [.. _lag.Select(entry => new Measurement<long>(
            entry.Value,
            new KeyValuePair<string, object?>(KafkaMetrics.TopicTag, entry.Key.Topic),
            new KeyValuePair<string, object?>(KafkaMetrics.PartitionTag, entry.Key.Partition.Value)))];
}
