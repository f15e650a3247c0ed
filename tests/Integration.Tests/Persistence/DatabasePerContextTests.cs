using EShop.Grains.Abstractions.Orders;
using EShop.Integration.Tests.Infrastructure;

namespace EShop.Integration.Tests.Persistence;

/// <summary><c>ConnectionStrings:orders</c> moves the orders context to a database of its own.</summary>
public sealed class DatabasePerContextTests(PostgresFixture postgres)
{
    private static readonly string[] OrderStates = ["order", "user-orders"];

    [Fact]
    public async Task Orders_live_in_their_own_database_and_everything_else_in_the_main_one_both_migrated()
    {
        var (main, orders) = (await postgres.NewDatabaseAsync(), await postgres.NewDatabaseAsync());
        await using var cluster = await PostgresCluster.StartAsync(main, new Dictionary<string, string?> { ["ConnectionStrings:orders"] = orders });
        var shop = new Shopper(cluster.Client);
        var sku = await shop.StockedSkuAsync(onHand: 4);
        var userId = Shopper.NewId("usr");

        var order = await shop.ConfirmedOrderAsync(userId, sku, 1);
        await cluster.DeactivateAsync(cluster.Client.GetGrain<IOrderGrain>(order.OrderId));

        Assert.Equal(OrderStatus.Confirmed, (await cluster.Client.GetGrain<IOrderGrain>(order.OrderId).GetOrder())?.Status);
        var inOrders = await ShopDatabase.StateRowsAsync(orders);
        var inMain = await ShopDatabase.StateRowsAsync(main);
        Assert.Equal(OrderStates.Order(), inOrders.Keys.Order());
        Assert.Equal(1, await ShopDatabase.RowsAsync(orders, "order", order.OrderId));
        Assert.Equal(1, await ShopDatabase.RowsAsync(orders, "user-orders", userId));
        Assert.DoesNotContain(inMain.Keys, OrderStates.Contains);
        Assert.Contains("payment", inMain.Keys);
        Assert.Equal(1L, await ShopDatabase.ScalarAsync<long>(main, "SELECT count(*) FROM payments_ledger WHERE order_id = $1", order.OrderId));

        Assert.Equal(["1", "2", "3", "4", "5", "6"], await ShopDatabase.AppliedVersionsAsync(main));
        Assert.Equal(["1", "4", "5"], await ShopDatabase.AppliedVersionsAsync(orders));
        Assert.True(await ShopDatabase.TableExistsAsync(main, "payments_ledger"));
        Assert.False(await ShopDatabase.TableExistsAsync(orders, "payments_ledger"));
    }
}
