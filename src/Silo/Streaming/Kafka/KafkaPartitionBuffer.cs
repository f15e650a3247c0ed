using Confluent.Kafka;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// Messages of one partition, consumed by the poll thread and not yet taken by their queue's receiver. Bounded
/// softly: the poll thread pauses the partition when it is full and resumes it once it is half drained.
/// </summary>
internal sealed class KafkaPartitionBuffer(TopicPartition partition, int capacity)
{
    private readonly Queue<ConsumeResult<string?, byte[]>> _messages = new();
    private readonly Lock _gate = new();

    public TopicPartition Partition => partition;

    public int Count
    {
        get
        {
            lock (_gate)
                return _messages.Count;
        }
    }

    public bool IsHalfEmpty => Count <= capacity / 2;

    /// <summary>Adds a message; true when the buffer is full with it.</summary>
    public bool Add(ConsumeResult<string?, byte[]> message)
    {
        lock (_gate)
        {
            _messages.Enqueue(message);
            return _messages.Count >= capacity;
        }
    }

    /// <summary>Takes up to <paramref name="maxCount"/> messages, oldest first; all when it is not positive.</summary>
    public List<ConsumeResult<string?, byte[]>> Take(int maxCount)
    {
        lock (_gate)
        {
            var count = maxCount > 0 ? Math.Min(maxCount, _messages.Count) : _messages.Count;
            var taken = new List<ConsumeResult<string?, byte[]>>(count);
            for (var i = 0; i < count; i++)
                taken.Add(_messages.Dequeue());
            return taken;
        }
    }
}
