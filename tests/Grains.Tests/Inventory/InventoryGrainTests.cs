using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Tests.Infrastructure;

namespace EShop.Grains.Tests.Inventory;

[Collection(SharedCluster.Name)]
public sealed class InventoryGrainTests(ClusterFixture fixture)
{
    private readonly string _sku = $"SKU-{Guid.NewGuid():N}";

    private IInventoryGrain Stock => fixture.Client.GetGrain<IInventoryGrain>(_sku);

    [Fact]
    public async Task A_sku_never_stocked_has_nothing_on_hand()
    {
        Assert.Equal(new StockLevelView(_sku, 0, 0), await Stock.GetStock());
    }

    [Fact]
    public async Task Setting_on_hand_is_answered_and_kept()
    {
        var result = await Stock.SetOnHand(12);

        Assert.Equal(new SetStockResult(SetStockStatus.Updated, new StockLevelView(_sku, 12, 0)), result);
        Assert.Equal(12, (await Stock.GetStock()).OnHand);
    }

    [Fact]
    public async Task A_negative_count_is_refused_and_the_stock_is_unchanged()
    {
        await Stock.SetOnHand(5);

        var result = await Stock.SetOnHand(-1);

        Assert.Equal(new SetStockResult(SetStockStatus.Negative, new StockLevelView(_sku, 5, 0)), result);
        Assert.Equal(5, (await Stock.GetStock()).OnHand);
    }

    [Fact]
    public async Task StockIfNew_stocks_a_sku_never_stocked()
    {
        Assert.True(await Stock.StockIfNew(7));
        Assert.Equal(7, (await Stock.GetStock()).OnHand);
    }

    [Fact]
    public async Task StockIfNew_leaves_a_counted_sku_alone()
    {
        await Stock.SetOnHand(3);

        Assert.False(await Stock.StockIfNew(100));
        Assert.Equal(3, (await Stock.GetStock()).OnHand);
    }

    [Fact]
    public async Task StockIfNew_stocks_only_once()
    {
        Assert.True(await Stock.StockIfNew(7));

        Assert.False(await Stock.StockIfNew(100));
        Assert.Equal(7, (await Stock.GetStock()).OnHand);
    }

    [Fact]
    public async Task StockIfNew_refuses_a_negative_count()
    {
        Assert.False(await Stock.StockIfNew(-3));
        Assert.Equal(0, (await Stock.GetStock()).OnHand);
    }

    // An admin count of zero is a count: seeding must not later restock the sku as if it had never been stocked.
    [Fact]
    public async Task A_sku_counted_at_zero_is_not_stocked_again_by_StockIfNew()
    {
        var counted = await Stock.SetOnHand(0);

        var restocked = await Stock.StockIfNew(100);

        Assert.Equal(SetStockStatus.Updated, counted.Status);
        Assert.False(restocked);
        Assert.Equal(0, (await Stock.GetStock()).OnHand);
    }
}
