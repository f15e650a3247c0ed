using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Users;
using EShop.Integration.Tests.Persistence;

namespace EShop.Integration.Tests.Events;

/// <summary>A checkout's events on Kafka, as a consumer outside the shop reads them, and as the shop's own consumers do.</summary>
[Collection(ShopOnKafka.Name)]
public sealed class ShopEventsOnKafkaTests(ShopOnKafkaFixture fixture)
{
    private static readonly CloudEventAttribute TraceParent = CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    private static CloudEvent Decode(Confluent.Kafka.ConsumeResult<string?, byte[]> message) =>
        new JsonEventFormatter().DecodeStructuredModeMessage(message.Message.Value, new ContentType("application/cloudevents+json"), [TraceParent]);

    private async Task<(string UserId, string Email)> Customer()
    {
        var (userId, email) = (Shopper.NewId("usr"), Shopper.NewEmail());
        Assert.True(await fixture.Client.GetGrain<IUserGrain>(userId).Create(Shopper.NewUser(userId, email)));
        return (userId, email);
    }

    [Fact]
    public async Task A_checkouts_events_are_on_the_topics_in_order_as_cloud_events_and_reach_the_shops_consumers()
    {
        var (userId, email) = await Customer();
        var sku = await fixture.Shop.StockedSkuAsync(onHand: 4, price: 2500);
        var order = await fixture.Shop.ConfirmedOrderAsync(userId, sku, 2);

        var messages = await fixture.ReadAsync(EventStreams.Orders, order.OrderId, 2);
        var events = messages.Select(Decode).ToList();
        Assert.Equal([EventTypes.OrderPlaced, EventTypes.OrderConfirmed], events.Select(e => e.Type));
        Assert.Single(messages.Select(m => m.Partition).Distinct());
        Assert.True(messages[0].Offset < messages[1].Offset);
        Assert.All(messages, m => Assert.Equal("application/cloudevents+json", Encoding.UTF8.GetString(m.Message.Headers.GetLastBytes("content-type"))));
        Assert.All(events, e =>
        {
            Assert.Equal(CloudEventsSpecVersion.V1_0, e.SpecVersion);
            Assert.Equal(new Uri("/eshop/orders", UriKind.Relative), e.Source);
            Assert.Equal(order.OrderId, e.Subject);
            Assert.Equal(MediaTypeNames.Application.Json, e.DataContentType);
            Assert.True(e.IsValid);
        });
        Assert.NotEqual(events[0].Id, events[1].Id);
        var confirmed = (JsonElement)events[1].Data!;
        Assert.Equal((order.OrderId, userId, "Confirmed", 5000L), (
            confirmed.GetProperty("orderId").GetString(), confirmed.GetProperty("userId").GetString(),
            confirmed.GetProperty("status").GetString(), confirmed.GetProperty("total").GetProperty("amount").GetInt64()));

        var payment = Decode(Assert.Single(await fixture.ReadAsync(EventStreams.Payments, order.OrderId, 1)));
        Assert.Equal(EventTypes.PaymentSucceeded, payment.Type);
        Assert.Equal(EventTypes.UserRegistered, Decode(Assert.Single(await fixture.ReadAsync(EventStreams.Users, userId, 1))).Type);

        // The shop's own consumers, fed through the same topics.
        var row = await Eventually.Until(
            () => fixture.Client.GetGrain<IAdminOrdersGrain>(0).Query(new AdminOrderQuery(null, userId, 1, 10)),
            page => page.Items.Any(r => r.Status == OrderStatus.Confirmed),
            TimeSpan.FromSeconds(30),
            "the read model shows the order confirmed");
        Assert.Equal(new Money(5000, "usd"), Assert.Single(row.Items).Total);
        await Eventually.Until(() => Task.FromResult(fixture.Notifications.To(email)), sent => sent.Count == 1, TimeSpan.FromSeconds(30), "the confirmation was sent");
        Assert.Equal($"{order.OrderId}/confirmed", Assert.Single(fixture.Notifications.To(email)).Key);
    }

    [Fact]
    public async Task The_caller_trace_context_travels_in_the_cloud_event()
    {
        var userId = Shopper.NewId("usr");
        var traceParent = $"00-{System.Diagnostics.ActivityTraceId.CreateRandom()}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01";

        RequestContext.Set("traceparent", traceParent);
        try
        {
            Assert.True(await fixture.Client.GetGrain<IUserGrain>(userId).Create(Shopper.NewUser(userId, Shopper.NewEmail())));
        }
        finally
        {
            RequestContext.Clear();
        }

        var registered = Decode(Assert.Single(await fixture.ReadAsync(EventStreams.Users, userId, 1)));
        Assert.Equal(traceParent, registered[TraceParent]);
    }

    [Fact]
    public async Task An_order_killed_between_its_write_and_the_publish_still_publishes_the_recorded_event_then_the_rest()
    {
        var sku = await fixture.Shop.StockedSkuAsync(onHand: 2);
        var (orderId, userId) = (Shopper.NewId("ord"), Shopper.NewId("usr"));
        fixture.PublishFaults.Arm(orderId, EventTypes.OrderPlaced);
        var line = new OrderLine(sku, "Lamp", 1, new Money(1000, "usd"), new Money(1000, "usd"));

        await fixture.Client.GetGrain<IOrderGrain>(orderId).Start(new PlaceOrder(userId, [line], new Money(1000, "usd"), Shopper.Home, Shopper.Visa));
        await Eventually.Until(() => Task.FromResult(fixture.PublishFaults.Fired.Any(e => e.Subject == orderId)), fired => fired, TimeSpan.FromSeconds(10), "the crash fired");
        var recorded = fixture.PublishFaults.Fired.Single(e => e.Subject == orderId);

        // The saga's reminder or the next call reactivates the order; it publishes what its state still holds.
        Assert.Equal(OrderStatus.Confirmed, (await fixture.Shop.SettledAsync(orderId)).Status);
        var messages = await fixture.ReadAsync(EventStreams.Orders, orderId, 2);
        var events = messages.Select(Decode).ToList();
        Assert.Equal([EventTypes.OrderPlaced, EventTypes.OrderConfirmed], events.Select(e => e.Type));
        Assert.Equal((recorded.Id, recorded.Time, recorded.Subject), (events[0].Id, events[0].Time, events[0].Subject));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse(recorded.Data), System.Text.Json.Nodes.JsonNode.Parse(((JsonElement)events[0].Data!).GetRawText())));
        Assert.Contains("+00:00", Encoding.UTF8.GetString(messages[0].Message.Value), StringComparison.Ordinal);
    }
}
