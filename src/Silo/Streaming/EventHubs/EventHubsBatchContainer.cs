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

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() => DomainEventItems.Of<T>(Event, Token, StreamId, "Event Hubs");

    /// <summary>Nothing to import: the trace context travels inside the event (<see cref="DomainEvent.TraceParent"/>).</summary>
    public bool ImportRequestContext() => false;
}
