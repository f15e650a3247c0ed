using Confluent.Kafka;
using Orleans.Streams;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// One queue, that is one topic partition: takes what the silo's consumer buffered for it, decoded, and commits
/// what Orleans says was delivered (the queue cache purges a message only once every consumer is past it).
/// </summary>
/// <remarks>
/// Orleans calls a receiver from its pulling agent only, one call at a time. A skipped (undecodable) message is
/// committed with the next delivered message after it, or at once when nothing taken before it awaits delivery.
/// </remarks>
internal sealed class KafkaQueueReceiver(QueueId queue, KafkaConsumerLoop consumer, KafkaMessageDecoder decoder) : IQueueAdapterReceiver
{
    private readonly TopicPartition _partition = KafkaQueueMapper.TopicPartitionOf(queue);
    private Task<KafkaPartitionBuffer>? _assignment;
    private KafkaPartitionBuffer? _buffer;
    private long _handedOut = -1;
    private long _delivered = -1;
    private long _skipped = -1;
    private long _committed = -1;

    public Task Initialize(TimeSpan timeout) => Initialize(timeout, CancellationToken.None);

    public async Task Initialize(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Kept: Orleans goes on after a failed or late start, and the assignment may still complete.
        _assignment = consumer.AssignAsync(_partition);
        _buffer = await _assignment.WaitAsync(timeout, cancellationToken);
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        if (_buffer is null && _assignment is { IsCompletedSuccessfully: true })
            _buffer = _assignment.Result;
        if (_buffer is null)
            return Task.FromResult<IList<IBatchContainer>>([]);

        var messages = _buffer.Take(maxCount);
        var batch = new List<IBatchContainer>(messages.Count);
        foreach (var message in messages)
        {
            if (decoder.Decode(message) is { } container)
            {
                batch.Add(container);
                _handedOut = message.Offset.Value;
            }
            else
            {
                _skipped = message.Offset.Value;
            }
        }

        if (batch.Count == 0 && messages.Count > 0)
            CommitSettled();
        return Task.FromResult<IList<IBatchContainer>>(batch);
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            if (message is KafkaBatchContainer container && container.Offset > _delivered)
                _delivered = container.Offset;
        }

        CommitSettled();
        return Task.CompletedTask;
    }

    public Task Shutdown(TimeSpan timeout) => Shutdown(timeout, CancellationToken.None);

    public Task Shutdown(TimeSpan timeout, CancellationToken cancellationToken) =>
        consumer.UnassignAsync(_partition).WaitAsync(timeout, cancellationToken);

    private void CommitSettled()
    {
        var settled = _delivered >= _handedOut ? Math.Max(_delivered, _skipped) : _delivered;
        if (settled < 0 || settled + 1 <= _committed)
            return;
        _committed = settled + 1;
        consumer.Commit(_partition, _committed);
    }
}
