using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>The poll thread's care of its partitions: assignment, commits, flow control and recovery.</summary>
internal sealed partial class KafkaConsumerLoop
{
    private const long RetryMilliseconds = 1000;
    private const long LagRoundMilliseconds = 1000;

    private long _commitRetryAt;
    private long _nextLagRound;

    private KafkaPartitionBuffer Assign(IConsumer<string?, byte[]> consumer, TopicPartition partition)
    {
        if (_assigned.TryGetValue(partition, out var assigned))
            return assigned.Buffer;
        consumer.IncrementalAssign([new TopicPartitionOffset(partition, Offset.Stored)]);
        var state = new PartitionState(new KafkaPartitionBuffer(partition, BufferCapacity));
        _assigned[partition] = state;
        LogAssigned(logger, partition.Topic, partition.Partition.Value);
        return state.Buffer;
    }

    private KafkaPartitionBuffer? Unassign(IConsumer<string?, byte[]> consumer, TopicPartition partition)
    {
        if (!_assigned.Remove(partition))
            return null;
        // A commit left for later could land after the partition's next reader committed more: now or never.
        if (_commits.TryRemove(partition, out var next))
            TryCommit(consumer, [new TopicPartitionOffset(partition, next)]);
        consumer.IncrementalUnassign([partition]);
        meters.Remove(partition);
        LogUnassigned(logger, partition.Topic, partition.Partition.Value);
        return null;
    }

    private void CommitPending(IConsumer<string?, byte[]> consumer, bool force)
    {
        if (_commits.IsEmpty || (!force && Environment.TickCount64 < _commitRetryAt))
            return;
        var offsets = new List<TopicPartitionOffset>();
        foreach (var partition in _commits.Keys)
        {
            if (_commits.TryRemove(partition, out var next))
                offsets.Add(new TopicPartitionOffset(partition, next));
        }

        if (!TryCommit(consumer, offsets))
        {
            foreach (var offset in offsets)
                _commits.AddOrUpdate(offset.TopicPartition, offset.Offset.Value, (_, pending) => Math.Max(pending, offset.Offset.Value));
            _commitRetryAt = Environment.TickCount64 + RetryMilliseconds;
        }
    }

    private bool TryCommit(IConsumer<string?, byte[]> consumer, List<TopicPartitionOffset> offsets)
    {
        try
        {
            consumer.Commit(offsets);
            foreach (var offset in offsets)
            {
                if (_assigned.TryGetValue(offset.TopicPartition, out var state))
                    (state.Committed, state.CommittedRead) = (offset.Offset.Value, true);
            }

            return true;
        }
        catch (KafkaException error)
        {
            LogCommitFailed(logger, error, offsets);
            return false;
        }
    }

    private void Maintain(IConsumer<string?, byte[]> consumer)
    {
        var now = Environment.TickCount64;
        foreach (var (partition, state) in _assigned)
        {
            if (state.Paused && state.Buffer.IsHalfEmpty)
            {
                consumer.Resume([partition]);
                state.Paused = false;
            }

            if (state.RetryAt != 0 && now >= state.RetryAt)
            {
                // Reading again from where this silo got to, or from the committed offset when it got nowhere.
                state.RetryAt = 0;
                var position = consumer.Position(partition);
                consumer.IncrementalUnassign([partition]);
                consumer.IncrementalAssign([new TopicPartitionOffset(partition, position.IsSpecial ? Offset.Stored : position)]);
                state.Paused = false;
            }
        }

        if (now >= _nextLagRound)
        {
            _nextLagRound = now + LagRoundMilliseconds;
            MeasureLag(consumer, now);
        }
    }

    /// <summary>
    /// A partition whose committed offset could not be read (its topic did not exist yet) is not fetched again
    /// by librdkafka: it is assigned anew after a pause, which also covers other partition-level errors.
    /// </summary>
    private void OnConsumeError(ConsumeException error)
    {
        var partition = error.ConsumerRecord?.TopicPartition;
        if (partition is null || !_assigned.TryGetValue(partition, out var state))
        {
            LogConsumeFailed(logger, error.Error.Code, error.Error.Reason);
            return;
        }

        if (state.RetryAt == 0)
            LogPartitionFailed(logger, partition.Topic, partition.Partition.Value, error.Error.Code, error.Error.Reason);
        state.RetryAt = Environment.TickCount64 + RetryMilliseconds;
    }

    private sealed class PartitionState(KafkaPartitionBuffer buffer)
    {
        public KafkaPartitionBuffer Buffer { get; } = buffer;

        public bool Paused { get; set; }

        /// <summary>When (Environment.TickCount64) to assign the partition anew after an error; 0 for never.</summary>
        public long RetryAt { get; set; }

        /// <summary>The committed offset (the next to read), when there is one and this silo knows it.</summary>
        public long? Committed { get; set; }

        public bool CommittedRead { get; set; }

        public long NextCommittedQuery { get; set; }

        public long NextWatermarkQuery { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Committing Kafka offsets {Offsets} failed; retrying")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, IEnumerable<TopicPartitionOffset> offsets);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consumer error {Code}: {Reason}")]
    private static partial void LogConsumeFailed(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading {Topic}[{Partition}] failed with {Code}: {Reason}; assigning it again shortly")]
    private static partial void LogPartitionFailed(ILogger logger, string topic, int partition, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka consumer reads {Topic}[{Partition}]")]
    private static partial void LogAssigned(ILogger logger, string topic, int partition);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka consumer stopped reading {Topic}[{Partition}]")]
    private static partial void LogUnassigned(ILogger logger, string topic, int partition);
}
