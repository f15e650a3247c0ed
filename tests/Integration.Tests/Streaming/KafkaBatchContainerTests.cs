using EShop.Grains.Abstractions.Events;
using EShop.Silo.Streaming.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Streams;
using static EShop.Integration.Tests.Streaming.StreamEvents;

namespace EShop.Integration.Tests.Streaming;

public sealed class KafkaBatchContainerTests
{
    private static readonly DomainEvent Event = Ping("order-1", 1);

    [Fact]
    public void A_batch_container_travels_between_silos_with_its_event_partition_and_offset_as_token()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var sent = new KafkaBatchContainer(StreamId.Create(EventStreams.Orders, "order-1"), Event, "eshop.orders", 3, 42);

        var received = Assert.IsType<KafkaBatchContainer>(serializer.Deserialize<KafkaBatchContainer>(serializer.SerializeToArray(sent)));

        Assert.Equal((sent.StreamId, Event, "eshop.orders", 3, 42L), (received.StreamId, received.Event, received.Topic, received.Partition, received.Offset));
        Assert.Equal(42L, ((IBatchContainer)received).SequenceToken.SequenceNumber);
        Assert.Equal([Event], received.GetEvents<DomainEvent>().Select(e => e.Item1));
    }

    [Fact]
    public void A_consumer_of_another_item_type_is_told_the_provider_carries_domain_events_only()
    {
        var container = new KafkaBatchContainer(StreamId.Create(EventStreams.Orders, "order-1"), Event, "eshop.orders", 0, 0);

        var error = Assert.Throws<NotSupportedException>(() => container.GetEvents<string>());

        Assert.Contains(nameof(DomainEvent), error.Message, StringComparison.Ordinal);
    }
}
