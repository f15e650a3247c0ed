using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>The poll thread's measure of each partition's lag, for <see cref="KafkaMeters"/>.</summary>
internal sealed partial class KafkaConsumerLoop
{
    private const long QueryMilliseconds = 5000;
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromMilliseconds(500);

    private bool _queriedThisRound;

    /// <summary>
    /// The high watermark is librdkafka's cached one, updated by every fetch; only a partition that is not fetched
    /// (paused, or not started) is asked for it, one a round, each at most every few seconds, since asking blocks.
    /// A partition that cannot be measured (its topic is missing) keeps its last value and spoils no other.
    /// </summary>
    private void MeasureLag(IConsumer<string?, byte[]> consumer, long now)
    {
        Try(() => ReadCommittedOffsets(consumer, now));
        _queriedThisRound = false;
        foreach (var (partition, state) in _assigned)
            Try(() => MeasureLag(consumer, partition, state, now));
    }

    private void MeasureLag(IConsumer<string?, byte[]> consumer, TopicPartition partition, PartitionState state, long now)
    {
        // From the committed offset; from the start when the group committed none; from where this silo got to
        // while it does not know yet.
        var position = consumer.Position(partition);
        Offset? from = state.Committed is long committed ? new Offset(committed)
            : state.CommittedRead || position.IsSpecial ? null
            : position;
        var watermarks = consumer.GetWatermarkOffsets(partition);
        var stale = watermarks.High.IsSpecial || state.Paused || (from is null && watermarks.Low.IsSpecial);
        if (stale && !_queriedThisRound && now >= state.NextWatermarkQuery)
        {
            _queriedThisRound = true;
            state.NextWatermarkQuery = now + QueryMilliseconds;
            watermarks = consumer.QueryWatermarkOffsets(partition, QueryTimeout);
        }

        from ??= watermarks.Low;
        if (!watermarks.High.IsSpecial && !from.Value.IsSpecial)
            meters.Set(partition, watermarks.High.Value - from.Value.Value);
    }

    private void Try(Action measure)
    {
        try
        {
            measure();
        }
        catch (KafkaException error)
        {
            LogLagFailed(logger, error.Error.Code, error.Error.Reason);
        }
    }

    private void ReadCommittedOffsets(IConsumer<string?, byte[]> consumer, long now)
    {
        var unknown = _assigned.Where(p => !p.Value.CommittedRead && now >= p.Value.NextCommittedQuery).Select(p => p.Key).ToList();
        if (unknown.Count == 0)
            return;
        foreach (var partition in unknown)
            _assigned[partition].NextCommittedQuery = now + QueryMilliseconds;
        foreach (var committed in consumer.Committed(unknown, QueryTimeout))
        {
            if (_assigned.TryGetValue(committed.TopicPartition, out var state))
            {
                state.CommittedRead = true;
                state.Committed ??= committed.Offset.IsSpecial ? null : committed.Offset.Value;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Measuring Kafka consumer lag failed with {Code}: {Reason}")]
    private static partial void LogLagFailed(ILogger logger, ErrorCode code, string reason);
}
