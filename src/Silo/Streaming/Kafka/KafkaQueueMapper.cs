using System.IO.Hashing;
using System.Text;
using Confluent.Kafka;
using Orleans.Streams;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// One Orleans queue per topic partition, named after its topic with the partition as its number. A stream's
/// queue is its namespace's topic and the partition its key hashes to, the partition the producer writes to, so
/// that one entity's events keep their order. The queues' hashes are spread evenly over the consistent ring, with
/// the topics interleaved, so that the default queue balancer gives every silo an even share of every topic.
/// </summary>
internal sealed class KafkaQueueMapper : IConsistentRingStreamQueueMapper
{
    private readonly KafkaTopics _topics;
    private readonly int _partitions;
    private readonly QueueId[] _queues;
    private readonly Dictionary<TopicPartition, QueueId> _queueByPartition = [];

    public KafkaQueueMapper(KafkaTopics topics, int partitions)
    {
        _topics = topics;
        _partitions = partitions;
        var count = (ulong)(topics.All.Count * partitions);
        var queues = new List<QueueId>((int)count);
        for (var partition = 0; partition < partitions; partition++)
        {
            foreach (var topic in topics.All)
            {
                var hash = (uint)((ulong)queues.Count * (1UL << 32) / count);
                var queue = QueueId.GetQueueId(topic, (uint)partition, hash);
                queues.Add(queue);
                _queueByPartition[new TopicPartition(topic, partition)] = queue;
            }
        }

        _queues = [.. queues];
    }

    public IEnumerable<QueueId> GetAllQueues() => _queues;

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range) =>
        [.. _queues.Where(queue => range.InRange(queue.GetUniformHashCode()))];

    public QueueId GetQueueForStream(StreamId streamId) => _queueByPartition[PartitionOf(streamId)];

    /// <summary>The topic partition a stream's events are written to.</summary>
    /// <exception cref="NotSupportedException">The stream's namespace has no topic.</exception>
    public TopicPartition PartitionOf(StreamId streamId)
    {
        var streamNamespace = streamId.GetNamespace() ?? "";
        var topic = _topics.TopicOf(streamNamespace)
            ?? throw new NotSupportedException(
                $"The stream namespace '{streamNamespace}' has no Kafka topic: use one of {string.Join(", ", _topics.All.Select(_topics.NamespaceOf))}.");
        return new TopicPartition(topic, PartitionOf(streamId.GetKeyAsString(), _partitions));
    }

    /// <summary>A stable hash of the key (xxHash32 of its UTF-8 bytes), modulo the partitions.</summary>
    public static int PartitionOf(string key, int partitions) =>
        (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(key)) % (uint)partitions);

    public static TopicPartition TopicPartitionOf(QueueId queue) =>
        new(queue.GetStringNamePrefix(), (int)queue.GetNumericId());

    public override string ToString() => $"KafkaQueueMapper({_queues.Length} queues: {string.Join(", ", _topics.All)} x {_partitions})";
}
