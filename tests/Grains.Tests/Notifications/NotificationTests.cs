using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Notifications;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Notifications;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Orders;
using EShop.Grains.Tests.Users;

namespace EShop.Grains.Tests.Notifications;

[Collection(SharedCluster.Name)]
public sealed class NotificationTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture);

    private IGrainFactory Grains => fixture.Client;

    private async Task<(string UserId, string Email)> Customer()
    {
        var (userId, email) = (Accounts.NewUserId(), Accounts.NewEmail());
        Assert.True(await Grains.GetGrain<IUserGrain>(userId).Create(Accounts.New(userId, email)));
        return (userId, email);
    }

    [Fact]
    public async Task A_customer_hears_once_that_the_order_is_confirmed_and_once_that_it_shipped()
    {
        var (userId, email) = await Customer();
        var sku = await _shop.StockedSku(onHand: 2);
        var orderId = (await _shop.Checkout(userId, "pm_card_visa", (sku, 1))).Order!.OrderId;
        await _shop.Settled(orderId);

        await Shop.Eventually(() => Task.FromResult(fixture.Notifications.To(email).Count == 1), "the confirmation was sent");
        await _shop.Order(orderId).Ship();
        await Shop.Eventually(() => Task.FromResult(fixture.Notifications.To(email).Count == 2), "the shipping notice was sent");

        var sent = fixture.Notifications.To(email);
        Assert.Equal([$"{orderId}/confirmed", $"{orderId}/shipped"], sent.Select(n => n.Key));
        Assert.Contains(orderId, sent[0].Subject, StringComparison.Ordinal);
        Assert.Contains("10.00 USD", sent[0].Body, StringComparison.Ordinal);
        Assert.Equal([OrderMessages.Confirmed, OrderMessages.Shipped], await Grains.GetGrain<INotificationGrain>(orderId).GetSent());
    }

    [Fact]
    public async Task A_redelivered_event_sends_nothing_twice()
    {
        var (userId, email) = await Customer();
        var sku = await _shop.StockedSku(onHand: 2);
        var orderId = (await _shop.Checkout(userId, "pm_card_chargeDeclined", (sku, 1))).Order!.OrderId;
        var failed = (await fixture.Events.WaitFor(orderId, e => e.Any(x => x.Type == EventTypes.OrderFailed))).Single(e => e.Type == EventTypes.OrderFailed);
        await Shop.Eventually(() => Task.FromResult(fixture.Notifications.To(email).Count == 1), "the failure notice was sent");

        var replay = Grains.GetGrain<IEventReplayGrain>(0);
        await replay.Publish(failed);
        await replay.Publish(failed);
        // A stream delivers in order: once a later event on it has been notified, both copies were handled before it.
        await replay.Publish(failed with { Id = Guid.NewGuid().ToString(), Type = EventTypes.OrderShipped });
        await Shop.Eventually(() => Task.FromResult(fixture.Notifications.To(email).Count == 2), "the marker was notified");

        Assert.Equal([$"{orderId}/failed", $"{orderId}/shipped"], fixture.Notifications.To(email).Select(n => n.Key));
        Assert.Contains("payment_declined", fixture.Notifications.To(email)[0].Body, StringComparison.Ordinal);
    }
}
