using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Orders;

namespace EShop.Grains.Tests.Users;

/// <summary>The user grain's profile events and its erasure, which a failure half-way leaves deleted and resumable.</summary>
[Collection(SharedCluster.Name)]
public sealed class AccountLifecycleGrainTests(ClusterFixture fixture)
{
    private const string Here = "192.0.2.10";
    private const string Password = "correct horse battery staple";

    private readonly string _userId = Accounts.NewUserId();
    private readonly string _email = Accounts.NewEmail();

    private IUserGrain User => fixture.Client.GetGrain<IUserGrain>(_userId);

    private IEmailIndexGrain Index => fixture.Client.GetGrain<IEmailIndexGrain>(UserRules.NormalizeEmail(_email));

    [Fact]
    public async Task A_name_change_and_an_address_change_publish_user_updated_with_the_changed_fields_only()
    {
        Assert.Equal(RegistrationStatus.Created, (await Index.Register(Accounts.Registration(_userId, _email, Password))).Status);

        await User.UpdateFullName("  Grace Hopper ");
        var address = await User.AddAddress(Shop.Home);

        var events = await fixture.Events.WaitFor(_userId, e => e.Count(x => x.Type == EventTypes.UserUpdated) >= 2);
        var updates = events.Where(e => e.Type == EventTypes.UserUpdated).Select(e => e.Read<UserUpdatedV1>()).ToList();
        Assert.Equal(["fullName"], updates[0].ChangedFields);
        Assert.Equal(("Grace Hopper", null), (updates[0].FullName, updates[0].Addresses));
        Assert.Equal(["addresses"], updates[1].ChangedFields);
        Assert.Equal(address, Assert.Single(updates[1].Addresses!));
        Assert.Null(updates[1].FullName);
    }

    [Fact]
    public async Task A_deleted_accounts_shipped_orders_keep_their_address_until_the_retention_period_from_shipping_ends()
    {
        var shop = new Shop(fixture);
        Assert.Equal(RegistrationStatus.Created, (await Index.Register(Accounts.Registration(_userId, _email, Password))).Status);
        var sku = await shop.StockedSku(onHand: 5);
        var first = await ShippedOrder(shop, sku);
        fixture.Time.Advance(TimeSpan.FromDays(2));
        var second = await ShippedOrder(shop, sku);

        Assert.Equal(DeletionStatus.Deleted, (await User.Delete(new Secret(Password), Here)).Status);
        Assert.Equal(["Ada Lovelace", "Ada Lovelace"], await Names(first, second));

        // The fixture keeps addresses 30 days from shipping: one day past the first's end, not yet the second's.
        fixture.Time.Advance(TimeSpan.FromDays(29));
        await Shop.Eventually(async () => (await Names(first))[0] == UserRules.ErasedMarker, "the first order's address is erased");
        Assert.Equal("Ada Lovelace", (await Names(second))[0]);

        fixture.Time.Advance(TimeSpan.FromDays(2));
        await Shop.Eventually(async () => (await Names(second))[0] == UserRules.ErasedMarker, "the second order's address is erased");
        var order = (await fixture.Client.GetGrain<IOrderGrain>(second).GetOrder())!;
        Assert.Equal(("GB", OrderStatus.Shipped), (order.ShippingAddress.Country, order.Status));
    }

    private async Task<string> ShippedOrder(Shop shop, string sku)
    {
        var orderId = (await shop.Checkout(_userId, "pm_card_visa", (sku, 1))).Order!.OrderId;
        Assert.Equal(OrderStatus.Confirmed, (await shop.Settled(orderId)).Status);
        Assert.Equal(OrderActionStatus.Done, (await shop.Order(orderId).Ship()).Status);
        return orderId;
    }

    private async Task<string[]> Names(params string[] orderIds) =>
        await Task.WhenAll(orderIds.Select(async id => (await fixture.Client.GetGrain<IOrderGrain>(id).GetOrder())!.ShippingAddress.FullName));

    [Fact]
    public async Task An_erasure_a_failed_write_interrupts_leaves_the_account_deleted_and_finishes_on_the_next_call()
    {
        var shop = new Shop(fixture);
        Assert.Equal(RegistrationStatus.Created, (await Index.Register(Accounts.Registration(_userId, _email, Password))).Status);
        var orderId = (await shop.Checkout(_userId, "pm_card_visa", (await shop.StockedSku(onHand: 3), 1))).Order!.OrderId;
        var order = fixture.Client.GetGrain<IOrderGrain>(orderId);
        await fixture.Events.WaitFor(orderId, e => e.Any(x => x.Type == EventTypes.OrderConfirmed));
        // Its emptied outbox is written a moment after publishing: once storage holds it empty, the armed fault hits erasure's write.
        await Shop.Eventually(async () => await fixture.StoredOrderAsync(orderId) is { Outbox.Count: 0 }, "the order's outbox is empty in storage");
        fixture.StorageFaults.FailWrite("order", orderId);

        await Assert.ThrowsAnyAsync<Exception>(() => User.Delete(new Secret(Password), Here));

        Assert.Equal(AccountStatus.Deleted, await User.GetStatus());
        Assert.Null(await User.GetProfile());
        Assert.Null(await Index.GetUserId());
        Assert.Equal("Ada Lovelace", (await order.GetOrder())!.ShippingAddress.FullName);

        Assert.Equal(DeletionStatus.Deleted, (await User.Delete(new Secret("any password"), Here)).Status);

        var erased = (await order.GetOrder())!;
        Assert.Equal((UserRules.ErasedMarker, "GB", OrderStatus.Confirmed), (erased.ShippingAddress.FullName, erased.ShippingAddress.Country, erased.Status));
        var deleted = (await fixture.Events.WaitFor(_userId, e => e.Any(x => x.Type == EventTypes.UserDeleted))).Single(e => e.Type == EventTypes.UserDeleted);
        Assert.Equal(_userId, deleted.Read<UserDeletedV1>().UserId);
        Assert.Equal(DeletionStatus.Deleted, (await User.Delete(new Secret("any password"), Here)).Status);
        Assert.Equal(RegistrationStatus.Created, (await Index.Register(Accounts.Registration(Accounts.NewUserId(), _email, Password))).Status);
    }
}
