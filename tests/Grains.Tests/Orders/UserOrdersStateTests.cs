using EShop.Grains.Orders;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Orders;

/// <summary>A user's order list: newest first, each order once, read a page at a time.</summary>
public sealed class UserOrdersStateTests
{
    private static UserOrdersState Listing(params (string OrderId, int Minute)[] orders)
    {
        var state = new UserOrdersState();
        foreach (var (orderId, minute) in orders)
            Assert.True(state.Add(orderId, Now.AddMinutes(minute)));
        return state;
    }

    [Fact]
    public void Orders_are_listed_newest_first_whatever_order_they_are_added_in()
    {
        var state = Listing(("ord_b", 2), ("ord_a", 1), ("ord_c", 3));
        Assert.Equal(["ord_c", "ord_b", "ord_a"], state.Page(1, 10).OrderIds);
    }

    [Fact]
    public void Of_orders_created_at_the_same_instant_the_later_added_comes_first()
    {
        var state = Listing(("ord_1", 0), ("ord_2", 0), ("ord_3", 0));
        Assert.Equal(["ord_3", "ord_2", "ord_1"], state.Page(1, 10).OrderIds);
    }

    [Fact]
    public void An_order_added_again_is_listed_once()
    {
        var state = Listing(("ord_1", 0));

        Assert.False(state.Add("ord_1", Now.AddMinutes(5)));
        Assert.Equal(["ord_1"], state.Page(1, 10).OrderIds);
    }

    [Fact]
    public void A_page_holds_only_its_orders_and_the_total_counts_all()
    {
        var state = Listing([.. Enumerable.Range(0, 5).Select(i => ($"ord_{i}", i))]);

        var first = state.Page(1, 2);
        Assert.Equal(["ord_4", "ord_3"], first.OrderIds);
        Assert.Equal(5, first.Total);
        Assert.Equal(["ord_0"], state.Page(3, 2).OrderIds);
        Assert.Empty(state.Page(4, 2).OrderIds);
        Assert.Empty(state.Page(int.MaxValue, 100).OrderIds);
        Assert.Equal(5, state.Page(int.MaxValue, 100).Total);
        Assert.Equal(0, new UserOrdersState().Page(1, 20).Total);
    }
}
