using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Users;

namespace EShop.Integration.Tests.Persistence;

/// <summary>
/// Grains that Orleans' ADO.NET provider stored under one row keep rows of their own (the shop's store keys a row by
/// grain type, whole key text and state name): grains of two types
/// with one key (rows are keyed by state name, issue 8746), and string keys the provider reads as the same hex
/// number (issue 9706). Each test's keys are its own; the database is fresh for every run.
/// </summary>
[Collection(SharedPostgresCluster.Name)]
public sealed class GrainKeyCollisionTests(SharedPostgresClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task An_inventory_and_a_sku_index_with_the_same_key_keep_their_own_state()
    {
        const string key = "SHARED-KEY-1";
        var (stock, claim) = (Grains.GetGrain<IInventoryGrain>(key), Grains.GetGrain<ISkuIndexGrain>(key));
        Assert.Equal(SetStockStatus.Updated, (await stock.SetOnHand(11)).Status);
        Assert.True(await claim.TryClaim("prd_shared_key_owner"));

        await fixture.DeactivateAsync(stock, claim);

        Assert.Equal(11, (await stock.GetStock()).OnHand);
        Assert.Equal("prd_shared_key_owner", await claim.GetProductId());
        Assert.Equal(1, await ShopDatabase.RowsAsync(fixture.ConnectionString, "inventory", key));
        Assert.Equal(1, await ShopDatabase.RowsAsync(fixture.ConnectionString, "sku-index", key));
    }

    [Fact]
    public async Task A_cart_and_a_users_order_list_with_the_same_user_id_keep_their_own_state()
    {
        var (_, sku) = await fixture.Shop.ProductAsync();
        var (userId, orderId) = (Shopper.NewId("usr"), Shopper.NewId("ord"));
        var (cart, orders) = (Grains.GetGrain<ICartGrain>(userId), Grains.GetGrain<IUserOrdersGrain>(userId));
        Assert.Equal(CartChangeStatus.Changed, (await cart.AddItem(sku, 2)).Status);
        await orders.Add(orderId, DateTimeOffset.UtcNow);

        await fixture.DeactivateAsync(cart, orders);

        Assert.Equal([new StockLine(sku, 2)], await cart.GetLines());
        Assert.Equal([orderId], (await orders.Page(1, 20)).OrderIds);
    }

    [Fact]
    public async Task Inventory_keys_that_read_as_the_same_hex_number_keep_their_own_stock()
    {
        // "ABC", "abc", "0abc" and "0ABC" all read as 0xABC; "020235" and "20235" as 0x20235.
        string[] keys = ["ABC", "abc", "0abc", "0ABC", "020235", "20235"];
        var stocks = keys.Select(key => Grains.GetGrain<IInventoryGrain>(key)).ToArray();
        for (var i = 0; i < keys.Length; i++)
            Assert.Equal(SetStockStatus.Updated, (await stocks[i].SetOnHand(100 + i)).Status);

        await fixture.DeactivateAsync(stocks);

        var onHand = await Task.WhenAll(stocks.Select(async stock => (await stock.GetStock()).OnHand));
        Assert.Equal([100, 101, 102, 103, 104, 105], onHand);
        Assert.Equal(6L, await ShopDatabase.ScalarAsync<long>(
            fixture.ConnectionString,
            "SELECT count(*) FROM eshop_grain_state WHERE state_name = 'inventory' AND grain_key = ANY($1)", [keys]));
    }

    [Fact]
    public async Task Email_keys_that_differ_by_a_leading_zero_of_a_hex_looking_name_keep_their_own_user()
    {
        // The provider reads "bead+shop@example.com" as the number 0xBEAD with the extension "shop@example.com".
        var (bead, zeroBead) = ("bead+shop@example.com", "0bead+shop@example.com");
        var (first, second) = (Shopper.NewId("usr"), Shopper.NewId("usr"));
        Assert.Equal(RegistrationStatus.Created, (await Grains.GetGrain<IEmailIndexGrain>(bead).Register(Shopper.Registration(first, bead))).Status);
        Assert.Equal(RegistrationStatus.Created, (await Grains.GetGrain<IEmailIndexGrain>(zeroBead).Register(Shopper.Registration(second, zeroBead))).Status);

        await fixture.DeactivateAsync(Grains.GetGrain<IEmailIndexGrain>(bead), Grains.GetGrain<IEmailIndexGrain>(zeroBead));

        Assert.Equal(first, await Grains.GetGrain<IEmailIndexGrain>(bead).GetUserId());
        Assert.Equal(second, await Grains.GetGrain<IEmailIndexGrain>(zeroBead).GetUserId());
        Assert.Equal(1, await ShopDatabase.RowsAsync(fixture.ConnectionString, "email-index", bead));
        Assert.Equal(1, await ShopDatabase.RowsAsync(fixture.ConnectionString, "email-index", zeroBead));
    }
}
