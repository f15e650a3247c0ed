using System.Text;
using Confluent.Kafka;
using EShop.Grains.Abstractions.Events;
using Orleans.Streams;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// Writes each event as a CloudEvent to its stream's topic partition, keyed by the stream key, and returns once
/// every in-sync replica has it: a publisher that awaited the stream knows its event is kept.
/// </summary>
internal sealed class KafkaQueueAdapter(string name, KafkaClients clients, KafkaQueueMapper mapper, KafkaConsumerLoop consumer, KafkaMessageDecoder decoder, KafkaMeters meters)
    : IQueueAdapter
{
    private const string ContentTypeHeader = "content-type";
    private static readonly byte[] ContentType = Encoding.UTF8.GetBytes(CloudEventCodec.ContentType);

    public string Name => name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new KafkaQueueReceiver(queueId, consumer, decoder);

    /// <exception cref="NotSupportedException">An item is not a <see cref="DomainEvent"/>, the stream's namespace has no
    /// topic, or a sequence token was given.</exception>
    /// <exception cref="KafkaPublishException">The brokers did not take an event within <see cref="KafkaOptions.MessageTimeout"/>.</exception>
    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
            throw new NotSupportedException($"The Kafka stream provider '{name}' numbers events itself (by offset): publish without a sequence token.");
        var domainEvents = events.Select(item => item as DomainEvent ?? throw new NotSupportedException(
            $"The Kafka stream provider '{name}' carries {nameof(DomainEvent)} items only, not {item?.GetType().FullName ?? "null"} (on {streamId}).")).ToList();
        var partition = mapper.PartitionOf(streamId);
        var key = streamId.GetKeyAsString();
        var producer = clients.Producer;

        // Sent together, kept in order: the producer is idempotent, so one partition's messages never reorder.
        var deliveries = domainEvents.Select(domainEvent => producer.ProduceAsync(partition, new Message<string, byte[]>
        {
            Key = key,
            Value = CloudEventCodec.Encode(domainEvent),
            Headers = new Headers { { ContentTypeHeader, ContentType } },
        }));
        try
        {
            await Task.WhenAll(deliveries);
            meters.Published(partition.Topic, domainEvents.Count);
        }
        catch (ProduceException<string, byte[]> error)
        {
            // Not wrapped: librdkafka's exception (and the message in it) cannot travel to a grain's caller.
            throw new KafkaPublishException(
                $"Kafka did not take the events of {streamId} for {partition}: {error.Error.Code} ({error.Error.Reason}).", error.Error.Code.ToString());
        }
    }
}
