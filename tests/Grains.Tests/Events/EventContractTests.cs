using System.Reflection;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Tests.Catalog;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Orders;
using EShop.Grains.Tests.Users;
using EShop.Tests.Shared;

namespace EShop.Grains.Tests.Events;

/// <summary>
/// The events the shop publishes match their committed schemas (docs/events). Every event of the suite is checked
/// as it arrives (the fixture fails the run on a break); this test makes sure each type is among them.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class EventContractTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture);

    private IGrainFactory Grains => fixture.Client;

    /// <summary>Every type the shop publishes (the external namespace carries other systems' messages, not ours).</summary>
    private static readonly string[] Published = [.. typeof(EventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Where(t => t != EventTypes.ExternalMessage).Order(StringComparer.Ordinal)];

    public static TheoryData<string, string> AccountEvents => new()
    {
        { EventTypes.UserUpdated, EventJson.Write(new UserUpdatedV1("usr_1", ["fullName", "addresses"], "Ada Lovelace", [Shop.Home with { AddressId = "adr_1" }], DateTimeOffset.UnixEpoch)) },
        { EventTypes.UserUpdated, EventJson.Write(new UserUpdatedV1("usr_1", ["fullName"], "Ada King", null, DateTimeOffset.UnixEpoch)) },
        { EventTypes.UserDeleted, EventJson.Write(new UserDeletedV1("usr_1", DateTimeOffset.UnixEpoch)) },
    };

    [Theory]
    [MemberData(nameof(AccountEvents))]
    public void The_data_of_account_changes_and_erasures_matches_their_schemas(string type, string data)
    {
        var domainEvent = new DomainEvent(Guid.NewGuid().ToString(), type, EventStreams.SourceOf(EventStreams.Users), "usr_1", DateTimeOffset.UnixEpoch, null, data);

        Assert.Empty(EventSchemas.Problems(domainEvent));
        Assert.NotEmpty(EventSchemas.Problems(domainEvent with { Data = "{\"userId\":\"usr_1\"}" }));
    }

    [Fact]
    public void Every_published_event_type_has_a_committed_schema_and_no_schema_is_left_over()
    {
        Assert.Equal(Published, EventSchemas.All.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_events_of_accounts_products_and_whole_order_lives_match_their_schemas()
    {
        var userId = Accounts.NewUserId();
        Assert.True(await Grains.GetGrain<IUserGrain>(userId).Create(Accounts.New(userId, Accounts.NewEmail())));
        var (productId, otherSku) = (Products.NewId(), Products.NewSku());
        var product = Grains.GetGrain<IProductGrain>(productId);
        await product.Create(Products.With(productId) with { Variants = [Products.Variant(otherSku, amount: 1000)] });
        await product.Update(Products.With(productId) with { Variants = [Products.Variant(otherSku, amount: 1200)] });

        // Two units out of six leave four, under the low-stock threshold of five.
        var sku = await _shop.StockedSku(onHand: 6);
        var shipped = await Confirmed(userId, sku, 2);
        Assert.Equal(OrderActionStatus.Done, (await _shop.Order(shipped).Ship()).Status);
        Assert.Equal(OrderActionStatus.Done, (await _shop.Order(shipped).Deliver()).Status);
        var cancelled = await Confirmed(userId, sku, 1);
        Assert.Equal(OrderActionStatus.Done, (await _shop.Order(cancelled).Cancel()).Status);
        var declined = (await _shop.Checkout(userId, "pm_card_chargeDeclined", (sku, 1))).Order!.OrderId;
        Assert.Equal(OrderStatus.Failed, (await _shop.Settled(declined)).Status);

        await fixture.Events.WaitFor(shipped, e => e.Any(x => x.Type == EventTypes.OrderDelivered));
        await fixture.Events.WaitFor(cancelled, e => e.Any(x => x.Type == EventTypes.PaymentRefunded) && e.Any(x => x.Type == EventTypes.OrderCancelled));
        await fixture.Events.WaitFor(declined, e => e.Any(x => x.Type == EventTypes.PaymentFailed) && e.Any(x => x.Type == EventTypes.OrderFailed));
        await fixture.Events.WaitFor(sku, e => e.Any(x => x.Type == EventTypes.InventoryLowStock));
        await fixture.Events.WaitFor(productId, e => e.Any(x => x.Type == EventTypes.ProductUpdated));
        await fixture.Events.WaitFor(userId, e => e.Any(x => x.Type == EventTypes.UserRegistered));

        // A customer who changes their name and then erases their account: user.updated, then user.deleted.
        var (leaverId, leaverEmail) = (Accounts.NewUserId(), Accounts.NewEmail());
        const string password = "correct horse battery staple";
        Assert.Equal(RegistrationStatus.Created,
            (await Grains.GetGrain<IEmailIndexGrain>(UserRules.NormalizeEmail(leaverEmail)).Register(Accounts.Registration(leaverId, leaverEmail, password))).Status);
        var leaver = Grains.GetGrain<IUserGrain>(leaverId);
        Assert.NotNull(await leaver.UpdateFullName("Ada King"));
        Assert.Equal(DeletionStatus.Deleted, (await leaver.Delete(new Secret(password), "192.0.2.10")).Status);
        await fixture.Events.WaitFor(leaverId, e => e.Any(x => x.Type == EventTypes.UserUpdated) && e.Any(x => x.Type == EventTypes.UserDeleted));

        var mine = new[] { userId, leaverId, productId, sku, shipped, cancelled, declined }.SelectMany(fixture.Events.For).ToList();
        Assert.Equal(Published, mine.Select(e => e.Type).Distinct().Order(StringComparer.Ordinal));
        Assert.All(mine, e => Assert.Empty(EventSchemas.Problems(e)));
        Assert.Empty(fixture.Events.ContractBreaks);
    }

    private async Task<string> Confirmed(string userId, string sku, int quantity)
    {
        var orderId = (await _shop.Checkout(userId, "pm_card_visa", (sku, quantity))).Order!.OrderId;
        Assert.Equal(OrderStatus.Confirmed, (await _shop.Settled(orderId)).Status);
        return orderId;
    }
}
