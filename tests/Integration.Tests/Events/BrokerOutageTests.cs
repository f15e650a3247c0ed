using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Orders;
using EShop.Integration.Tests.Persistence;
using EShop.Integration.Tests.Recovery;
using EShop.Integration.Tests.Streaming;
using EShop.Silo.Streaming;
using EShop.Tests.Shared;

namespace EShop.Integration.Tests.Events;

/// <summary>Kafka down while customers check out: the shop goes on, and the events follow once Kafka is back.</summary>
public sealed class BrokerOutageTests
{
    [Fact]
    public async Task With_the_broker_unreachable_checkout_still_confirms_and_the_events_flow_once_it_is_back()
    {
        using var kafka = MockKafka.Start();
        await using var gate = new TcpGate();
        var prefix = KafkaCluster.NewTopicPrefix();
        kafka.CreateTopics(EventStreams.Domain.Select(ns => prefix + ns));
        var settings = ShopOnKafkaFixture.ShopSettings(gate.Address, prefix);
        settings["Kafka:MessageTimeout"] = "00:00:02";
        var log = new LogTail();
        await using var cluster = await KafkaCluster.StartAsync(settings, silos: 1, log);
        var shop = new Shopper(cluster.Client);
        var userId = Shopper.NewId("usr");

        var sku = await shop.StockedSkuAsync(onHand: 3);
        var order = await shop.ConfirmedOrderAsync(userId, sku, 1);

        // Confirmed with no broker at all: the events wait in the grains' outboxes.
        await Eventually.Until(() => Task.FromResult(log.ToString()), text => text.Contains("Publishing the events of", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "a failed publish was logged");
        await Assert.ThrowsAsync<TimeoutException>(() =>
            kafka.ReadAsync(prefix + EventStreams.Orders, 1, TimeSpan.FromSeconds(1), m => m.Message.Key == order.OrderId));

        gate.Open(kafka.BootstrapServers.Split(',')[0]);

        var events = await kafka.ReadAsync(prefix + EventStreams.Orders, 2, TimeSpan.FromSeconds(60), m => m.Message.Key == order.OrderId);
        Assert.Equal([EventTypes.OrderPlaced, EventTypes.OrderConfirmed], events.Select(m => CloudEventCodec.TryDecode(m.Message.Value)!.Type));
        var page = await Eventually.Until(
            () => cluster.Client.GetGrain<IAdminOrdersGrain>(0).Query(new AdminOrderQuery(null, userId, 1, 10)),
            p => p.Items.Any(r => r.Status == OrderStatus.Confirmed),
            TimeSpan.FromSeconds(60),
            "the read model caught up through Kafka");
        Assert.Equal(order.OrderId, Assert.Single(page.Items).OrderId);
    }
}
