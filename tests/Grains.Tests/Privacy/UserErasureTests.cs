using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Notifications;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Orders.ReadModel;
using EShop.Grains.Privacy;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Orders;
using EShop.Grains.Tests.Users;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Grains.Tests.Privacy;

/// <summary>
/// On <c>eshop.user.deleted.v1</c> the consumers forget the user: the read model's rows of the user carry a
/// pseudonym, notifications send nothing more, and a redelivered event changes nothing more.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class UserErasureTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture);

    private IGrainFactory Grains => fixture.Client;

    private IOrderReadStore ReadModel => fixture.SiloServices.GetRequiredService<IOrderReadStore>();

    private async Task<(string UserId, string Email)> Customer()
    {
        var (userId, email) = (Accounts.NewUserId(), Accounts.NewEmail());
        Assert.True(await Grains.GetGrain<IUserGrain>(userId).Create(Accounts.New(userId, email)));
        return (userId, email);
    }

    private static DomainEvent Deleted(string userId) => new(
        Guid.NewGuid().ToString(), EventTypes.UserDeleted, EventStreams.SourceOf(EventStreams.Users), userId,
        DateTimeOffset.UtcNow, null, EventJson.Write(new UserDeletedV1(userId, DateTimeOffset.UtcNow)));

    private Task<AdminOrderPage> RowsOf(string userId) => ReadModel.QueryAsync(new AdminOrderQuery(null, userId, 1, 50));

    private async Task<string> ConfirmedOrder(string userId)
    {
        var sku = await _shop.StockedSku(onHand: 2);
        var orderId = (await _shop.Checkout(userId, "pm_card_visa", (sku, 1))).Order!.OrderId;
        Assert.Equal(OrderStatus.Confirmed, (await _shop.Settled(orderId)).Status);
        await Shop.Eventually(async () => (await RowsOf(userId)).Items.Any(r => r.OrderId == orderId && r.Status == OrderStatus.Confirmed), "the order is in the read model");
        return orderId;
    }

    [Fact]
    public async Task The_read_model_rows_of_a_deleted_user_carry_a_pseudonym_and_other_users_rows_are_untouched()
    {
        var ((ann, _), (bob, _)) = (await Customer(), await Customer());
        var annOrder = await ConfirmedOrder(ann);
        var bobOrder = await ConfirmedOrder(bob);
        var bobBefore = await RowsOf(bob);

        await Grains.GetGrain<IEventReplayGrain>(0).Publish(Deleted(ann));
        await Shop.Eventually(() => Grains.GetGrain<IUserErasureGrain>(ann).IsErased(), "the erasure was recorded");

        Assert.Empty((await RowsOf(ann)).Items);
        var anonymised = Assert.Single((await RowsOf(Pseudonyms.Of(ann))).Items);
        Assert.Equal((annOrder, OrderStatus.Confirmed), (anonymised.OrderId, anonymised.Status));
        Assert.StartsWith("deleted-", anonymised.UserId, StringComparison.Ordinal);
        Assert.DoesNotContain(ann, anonymised.UserId, StringComparison.Ordinal);
        Assert.Equal(bobBefore.Items, (await RowsOf(bob)).Items);
        Assert.Equal(bobOrder, Assert.Single((await RowsOf(bob)).Items).OrderId);

        // A later event of the order keeps the pseudonym.
        Assert.Equal(OrderActionStatus.Done, (await _shop.Order(annOrder).Ship()).Status);
        await Shop.Eventually(async () => (await RowsOf(Pseudonyms.Of(ann))).Items.Any(r => r.Status == OrderStatus.Shipped), "the shipment reached the read model");
        Assert.Empty((await RowsOf(ann)).Items);
    }

    [Fact]
    public async Task A_redelivered_deletion_changes_nothing_more_and_an_unknown_user_fails_nothing()
    {
        var (ann, _) = await Customer();
        var annOrder = await ConfirmedOrder(ann);
        var deleted = Deleted(ann);
        var replay = Grains.GetGrain<IEventReplayGrain>(0);
        await replay.Publish(deleted);
        await Shop.Eventually(async () => (await RowsOf(ann)).Items.Count == 0, "the rows were anonymised");
        var after = await RowsOf(Pseudonyms.Of(ann));

        // A row that reached the read model after the erasure is what the redelivery finds; the rest is as it was.
        var late = new AdminOrderRow($"ord_{Guid.NewGuid():N}", ann, OrderStatus.Pending, new(1000, "usd"), 1, null, null,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1);
        await ReadModel.ApplyAsync(late, TestContext.Current.CancellationToken);
        await replay.Publish(deleted);
        await Shop.Eventually(async () => (await RowsOf(ann)).Items.Count == 0, "the redelivery was handled");

        var again = await RowsOf(Pseudonyms.Of(ann));
        Assert.Equal(after.Items.Append(late with { UserId = Pseudonyms.Of(ann) }), again.Items.OrderBy(r => r.OrderId == late.OrderId));
        Assert.Equal(annOrder, after.Items.Single().OrderId);

        var nobody = Accounts.NewUserId();
        await replay.Publish(Deleted(nobody));
        await Shop.Eventually(() => Grains.GetGrain<IUserErasureGrain>(nobody).IsErased(), "the unknown user's erasure was recorded");
        Assert.True(await Grains.GetGrain<IUserErasureGrain>(ann).IsErased());
        Assert.Empty(fixture.Events.ContractBreaks);
    }

    [Fact]
    public async Task A_deleted_user_hears_nothing_of_their_orders_events()
    {
        var (userId, email) = await Customer();
        await Grains.GetGrain<IEventReplayGrain>(0).Publish(Deleted(userId));
        await Shop.Eventually(() => Grains.GetGrain<IUserErasureGrain>(userId).IsErased(), "the erasure was recorded");

        // The profile is still there (the user grain's own erasure is not at issue here): the erasure record alone stops the mail.
        Assert.NotNull(await Grains.GetGrain<IUserGrain>(userId).GetProfile());
        var orderId = await ConfirmedOrder(userId);
        Assert.Equal(OrderActionStatus.Done, (await _shop.Order(orderId).Ship()).Status);
        await fixture.Events.WaitFor(orderId, e => e.Any(x => x.Type == EventTypes.OrderShipped));
        // The notification grain handled the shipment (and the confirmation before it) and withheld both.
        await Shop.Eventually(async () => (await Grains.GetGrain<INotificationGrain>(orderId).GetWithheld()).Contains("shipped"), "the shipment's notification was withheld");

        Assert.Equal(["confirmed", "shipped"], await Grains.GetGrain<INotificationGrain>(orderId).GetWithheld());
        Assert.Empty(fixture.Notifications.To(email));
        Assert.Empty(await Grains.GetGrain<INotificationGrain>(orderId).GetSent());
    }
}
