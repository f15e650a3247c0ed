using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Inventory;

namespace EShop.Grains.Tests.Inventory;

public sealed class StockLevelTests
{
    [Fact]
    public void Setting_on_hand_replaces_the_count_and_keeps_reservations()
    {
        var (status, level) = new StockLevel(OnHand: 10, Reserved: 3).SetOnHand(25);

        Assert.Equal(SetStockStatus.Updated, status);
        Assert.Equal(new StockLevel(25, 3), level);
        Assert.Equal(22, level.Available);
    }

    [Fact]
    public void A_negative_count_is_refused_and_the_level_is_unchanged()
    {
        var before = new StockLevel(OnHand: 10, Reserved: 0);

        var (status, level) = before.SetOnHand(-1);

        Assert.Equal((SetStockStatus.Negative, before), (status, level));
    }

    [Fact]
    public void A_count_below_what_is_reserved_is_refused()
    {
        var before = new StockLevel(OnHand: 10, Reserved: 4);

        Assert.Equal((SetStockStatus.BelowReserved, before), before.SetOnHand(3));
        Assert.Equal((SetStockStatus.Updated, new StockLevel(4, 4)), before.SetOnHand(4));
    }

    [Fact]
    public void Zero_is_a_valid_count_for_an_unreserved_sku()
    {
        Assert.Equal((SetStockStatus.Updated, StockLevel.Empty), new StockLevel(7, 0).SetOnHand(0));
    }

    [Fact]
    public void The_view_names_the_sku_and_shows_what_is_available()
    {
        var view = new StockLevel(OnHand: 9, Reserved: 2).ToView("SKU-1");

        Assert.Equal(("SKU-1", 9, 2, 7), (view.Sku, view.OnHand, view.Reserved, view.Available));
    }
}
