using Confluent.Kafka;
using Orleans.Streams;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// One queue, that is one topic partition: takes what the silo's consumer buffered for it, decoded, and commits
/// what Orleans says was delivered (the queue cache purges a message only once every consumer is past it).
/// </summary>
/// <remarks>
/// Orleans calls a receiver from its pulling agent only, one call at a time. <see cref="KafkaCommitTracker"/>
/// decides what may be committed: never past a message that was not delivered.
/// </remarks>
internal sealed class KafkaQueueReceiver(QueueId queue, KafkaConsumerLoop consumer, KafkaMessageDecoder decoder) : IQueueAdapterReceiver
{
    private readonly TopicPartition _partition = KafkaQueueMapper.TopicPartitionOf(queue);
    private Task<KafkaPartitionBuffer>? _assignment;
    private KafkaPartitionBuffer? _buffer;
    private readonly KafkaCommitTracker _commits = new();

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
                _commits.HandedOut(message.Offset.Value);
            }
            else
            {
                _commits.Skipped(message.Offset.Value);
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
            if (message is KafkaBatchContainer container)
                _commits.Delivered(container.Offset);
        }

        CommitSettled();
        return Task.CompletedTask;
    }

    public Task Shutdown(TimeSpan timeout) => Shutdown(timeout, CancellationToken.None);

    public Task Shutdown(TimeSpan timeout, CancellationToken cancellationToken) =>
        consumer.UnassignAsync(_partition).WaitAsync(timeout, cancellationToken);

    private void CommitSettled()
    {
        if (_commits.Advance() is { } next)
            consumer.Commit(_partition, next);
    }
}
