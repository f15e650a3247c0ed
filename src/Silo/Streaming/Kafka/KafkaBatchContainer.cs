using EShop.Grains.Abstractions.Events;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// One Kafka message as Orleans delivers it: the decoded event on its stream, with its offset as the sequence
/// token and the topic partition it came from, so that its delivery can be committed.
/// </summary>
[GenerateSerializer, Immutable, Alias("eshop.kafka-batch.v1")]
public sealed class KafkaBatchContainer : IBatchContainer
{
    public KafkaBatchContainer(StreamId streamId, DomainEvent domainEvent, string topic, int partition, long offset)
    {
        StreamId = streamId;
        Event = domainEvent;
        Topic = topic;
        Partition = partition;
        Offset = offset;
        Token = new EventSequenceTokenV2(offset);
    }

    [Id(0)]
    public StreamId StreamId { get; }

    /// <summary>The message's offset within its partition (one queue), as Orleans orders and resumes by.</summary>
    [Id(1)]
    public EventSequenceTokenV2 Token { get; }

    [Id(2)]
    public DomainEvent Event { get; }

    [Id(3)]
    public string Topic { get; }

    [Id(4)]
    public int Partition { get; }

    [Id(5)]
    public long Offset { get; }

    StreamSequenceToken IBatchContainer.SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() => DomainEventItems.Of<T>(Event, Token, StreamId, "Kafka");

    /// <summary>Nothing to import: the trace context travels inside the event (<see cref="DomainEvent.TraceParent"/>).</summary>
    public bool ImportRequestContext() => false;

    public override string ToString() => $"{Topic}[{Partition}]@{Offset} {StreamId} {Event.Type}";
}
