using EShop.Grains.Abstractions.Events;
using Orleans.Streaming.EventHubs;
using Orleans.Streams;

namespace EShop.Silo.Streaming.EventHubs;

/// <summary>One event-hub event as Orleans delivers it: the decoded CloudEvent on its stream, at its hub position.</summary>
[GenerateSerializer, Immutable, Alias("eshop.eventhubs-batch.v1")]
public sealed class EventHubsBatchContainer(StreamId streamId, DomainEvent domainEvent, EventHubSequenceTokenV2 token) : IBatchContainer
{
    [Id(0)]
    public StreamId StreamId { get; } = streamId;

    [Id(1)]
    public DomainEvent Event { get; } = domainEvent;

    [Id(2)]
    public EventHubSequenceTokenV2 Token { get; } = token;

    StreamSequenceToken IBatchContainer.SequenceToken => Token;

    /// <exception cref="NotSupportedException">A consumer asked for items of another type than <see cref="DomainEvent"/>.</exception>
    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        if (Event is T item)
            return [Tuple.Create(item, (StreamSequenceToken)Token)];
        throw new NotSupportedException(
            $"The Event Hubs stream provider carries {nameof(DomainEvent)} items only; a consumer of {StreamId} asked for {typeof(T).FullName}.");
    }

    /// <summary>Nothing to import: the trace context travels inside the event (<see cref="DomainEvent.TraceParent"/>).</summary>
    public bool ImportRequestContext() => false;
}
