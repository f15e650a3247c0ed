using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Orders.ReadModel;
using EShop.Grains.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Integration.Tests.Persistence;

/// <summary>The operators' order list in PostgreSQL: fed by the order events, filtered and paged in SQL.</summary>
[Collection(SharedPostgresCluster.Name)]
public sealed class OrderReadModelTests(SharedPostgresClusterFixture fixture)
{
    private static readonly DateTimeOffset Noon = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private IOrderReadStore Store => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IOrderReadStore>();

    private static AdminOrderRow Row(string orderId, string userId, string status, int sequence, int minute) =>
        new(orderId, userId, status, new Money(1000, "usd"), 1, status == OrderStatus.Failed ? FailureReasons.OutOfStock : null, null,
            Noon.AddMinutes(minute), Noon.AddMinutes(minute).AddSeconds(sequence), sequence);

    [Fact]
    public async Task The_store_is_the_postgres_table()
    {
        Assert.Equal("PostgresOrderReadStore", Store.GetType().Name);
        Assert.True(await ShopDatabase.TableExistsAsync(fixture.ConnectionString, "order_read_model"));
    }

    [Fact]
    public async Task A_redelivered_or_late_event_never_overwrites_a_newer_one()
    {
        var (orderId, userId) = (Shopper.NewId("ord"), Shopper.NewId("usr"));
        var token = TestContext.Current.CancellationToken;

        await Store.ApplyAsync(Row(orderId, userId, OrderStatus.Pending, 1, 0), token);
        await Store.ApplyAsync(Row(orderId, userId, OrderStatus.Shipped, 3, 0), token);
        await Store.ApplyAsync(Row(orderId, userId, OrderStatus.Confirmed, 2, 0), token);
        await Store.ApplyAsync(Row(orderId, userId, OrderStatus.Pending, 1, 0), token);

        var row = Assert.Single((await Store.QueryAsync(new AdminOrderQuery(null, userId, 1, 10), token)).Items);
        Assert.Equal((OrderStatus.Shipped, 3), (row.Status, row.Sequence));
        Assert.Equal(Row(orderId, userId, OrderStatus.Shipped, 3, 0), row);
    }

    [Fact]
    public async Task Filters_and_pages_return_newest_first_without_overlap()
    {
        var (ann, bob) = (Shopper.NewId("usr"), Shopper.NewId("usr"));
        var token = TestContext.Current.CancellationToken;
        var annOrders = Enumerable.Range(0, 5).Select(i => (Id: Shopper.NewId("ord"), Minute: i)).ToList();
        foreach (var (id, minute) in annOrders)
            await Store.ApplyAsync(Row(id, ann, minute % 2 == 0 ? OrderStatus.Confirmed : OrderStatus.Failed, 2, minute), token);
        await Store.ApplyAsync(Row(Shopper.NewId("ord"), bob, OrderStatus.Confirmed, 2, 9), token);

        var pages = new List<AdminOrderPage>();
        for (var page = 1; page <= 3; page++)
            pages.Add(await Store.QueryAsync(new AdminOrderQuery(null, ann, page, 2), token));
        var confirmed = await Store.QueryAsync(new AdminOrderQuery(OrderStatus.Confirmed, ann, 1, 10), token);
        var failed = await Store.QueryAsync(new AdminOrderQuery(OrderStatus.Failed, ann, 1, 10), token);

        Assert.All(pages, p => Assert.Equal(5, p.Total));
        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        Assert.Equal(annOrders.OrderByDescending(o => o.Minute).Select(o => o.Id), pages.SelectMany(p => p.Items).Select(r => r.OrderId));
        Assert.Equal((3L, 2L), (confirmed.Total, failed.Total));
        Assert.All(failed.Items, r => Assert.Equal(FailureReasons.OutOfStock, r.FailureReason));
        Assert.DoesNotContain(confirmed.Items, r => r.UserId != ann);
    }

    [Fact]
    public async Task A_confirmed_checkout_reaches_the_table_through_the_order_events()
    {
        var sku = await fixture.Shop.StockedSkuAsync(onHand: 2);
        var userId = Shopper.NewId("usr");
        var order = await fixture.Shop.ConfirmedOrderAsync(userId, sku, 1);

        var page = await Eventually.Until(
            () => Store.QueryAsync(new AdminOrderQuery(null, userId, 1, 10)),
            p => p.Items.Any(r => r.Status == OrderStatus.Confirmed),
            TimeSpan.FromSeconds(30),
            "the confirmed order is in the read model");
        var row = Assert.Single(page.Items);
        Assert.Equal((order.OrderId, order.Total), (row.OrderId, row.Total));
        // PostgreSQL keeps microseconds.
        Assert.InRange(row.CreatedAt - order.CreatedAt, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await ShopDatabase.ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM order_read_model WHERE order_id = $1", order.OrderId));
    }

    [Fact]
    public async Task An_erased_users_rows_take_the_pseudonym_once_and_keep_it_through_later_events()
    {
        var (ann, bob) = (Shopper.NewId("usr"), Shopper.NewId("usr"));
        var (first, second, bobs) = (Shopper.NewId("ord"), Shopper.NewId("ord"), Shopper.NewId("ord"));
        var pseudonym = Pseudonyms.Of(ann);
        var token = TestContext.Current.CancellationToken;
        await Store.ApplyAsync(Row(first, ann, OrderStatus.Confirmed, 2, 0), token);
        await Store.ApplyAsync(Row(second, ann, OrderStatus.Pending, 1, 1), token);
        await Store.ApplyAsync(Row(bobs, bob, OrderStatus.Confirmed, 2, 2), token);

        Assert.Equal(2, await Store.AnonymiseUserAsync(ann, pseudonym, token));
        Assert.Equal(0, await Store.AnonymiseUserAsync(ann, pseudonym, token));
        await Store.ApplyAsync(Row(second, ann, OrderStatus.Confirmed, 2, 1), token);

        Assert.Empty((await Store.QueryAsync(new AdminOrderQuery(null, ann, 1, 10), token)).Items);
        var rows = (await Store.QueryAsync(new AdminOrderQuery(null, pseudonym, 1, 10), token)).Items;
        Assert.Equal([Row(second, pseudonym, OrderStatus.Confirmed, 2, 1), Row(first, pseudonym, OrderStatus.Confirmed, 2, 0)], rows);
        Assert.Equal(Row(bobs, bob, OrderStatus.Confirmed, 2, 2), Assert.Single((await Store.QueryAsync(new AdminOrderQuery(null, bob, 1, 10), token)).Items));
    }
}
