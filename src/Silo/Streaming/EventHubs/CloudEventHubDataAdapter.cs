using Azure.Messaging.EventHubs;
using EShop.Grains.Abstractions.Events;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streaming.EventHubs;
using Orleans.Streams;

namespace EShop.Silo.Streaming.EventHubs;

/// <summary>
/// Orleans' Event Hubs adapter with the shop's wire format: each event's body is the CloudEvent in structured JSON
/// (<see cref="CloudEventCodec"/>, byte for byte what the Kafka provider writes), so that any Event Hubs or Kafka
/// consumer (Event Hubs speaks the Kafka protocol too) reads the same events. The stream namespace travels in an
/// application property and the stream key as the partition key, as Orleans' own adapter does.
/// </summary>
public sealed class CloudEventHubDataAdapter(Serializer serializer) : EventHubDataAdapter(serializer)
{
    public override EventData ToQueueMessage<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
            throw new ArgumentException("Event Hubs streams take no sequence token from the producer.", nameof(token));
        var domainEvent = events.Cast<object>().SingleOrDefault() as DomainEvent
            ?? throw new NotSupportedException($"The Event Hubs stream provider carries one {nameof(DomainEvent)} per message.");
        var data = new EventData(CloudEventCodec.Encode(domainEvent)) { ContentType = CloudEventCodec.ContentType, MessageId = domainEvent.Id };
        data.SetStreamNamespaceProperty(streamId.GetNamespace() ?? "");
        return data;
    }

    protected override IBatchContainer GetBatchContainer(EventHubMessage eventHubMessage)
    {
        var domainEvent = CloudEventCodec.TryDecode(eventHubMessage.Payload)
            ?? throw new InvalidOperationException($"Event {eventHubMessage.Offset} on {eventHubMessage.StreamId} is not a CloudEvent.");
        return new EventHubsBatchContainer(eventHubMessage.StreamId, domainEvent, new EventHubSequenceTokenV2(eventHubMessage.Offset, eventHubMessage.SequenceNumber, 0));
    }
}
