using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Orders;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Orders;

/// <summary>The user's own list of newest orders, and where a page of the whole history falls.</summary>
public sealed class UserOrdersStateTests
{
    private static UserOrdersState Listing(params (string OrderId, int Minute)[] orders)
    {
        var state = new UserOrdersState();
        foreach (var (orderId, minute) in orders)
            Assert.True(state.Add(orderId, Now.AddMinutes(minute)));
        return state;
    }

    /// <summary>Adds orders one minute apart as the grain does, sealing runs of <paramref name="runSize"/>.</summary>
    private static UserOrdersState Grown(int orders, int runSize)
    {
        var state = new UserOrdersState();
        for (var i = 0; i < orders; i++)
        {
            state.Add($"ord_{i}", Now.AddMinutes(i));
            if (state.RunToSeal(runSize) is { } run)
                state.Sealed([.. run]);
        }

        return state;
    }

    [Fact]
    public void Orders_are_kept_newest_first_whatever_order_they_are_added_in()
    {
        var state = Listing(("ord_b", 2), ("ord_a", 1), ("ord_c", 3));
        Assert.Equal(["ord_c", "ord_b", "ord_a"], state.Orders.Select(o => o.OrderId));
    }

    [Fact]
    public void Of_orders_created_at_the_same_instant_the_later_added_comes_first()
    {
        var state = Listing(("ord_1", 0), ("ord_2", 0), ("ord_3", 0));
        Assert.Equal(["ord_3", "ord_2", "ord_1"], state.Orders.Select(o => o.OrderId));
    }

    [Fact]
    public void An_order_added_again_is_kept_once()
    {
        var state = Listing(("ord_1", 0));

        Assert.False(state.Add("ord_1", Now.AddMinutes(5)));
        Assert.Single(state.Orders);
    }

    [Fact]
    public void However_many_orders_a_user_has_the_list_written_on_each_checkout_stays_under_two_runs()
    {
        var state = Grown(1000, runSize: 32);

        Assert.InRange(state.Orders.Count, 32, 63);
        Assert.Equal(1000, state.Total);
        Assert.All(state.Archived, run => Assert.Equal(32, run.Count));
        // Runs are sealed oldest first: run 0 ends with ord_31.
        Assert.Equal(Now.AddMinutes(31), state.Archived[0].Newest);
        Assert.Equal("ord_999", state.Orders[0].OrderId);
    }

    [Fact]
    public void A_page_is_located_across_the_kept_orders_and_the_runs_newest_first()
    {
        var state = Grown(100, runSize: 32); // kept: ord_99..ord_64 (36); runs: 0 = ord_31..0, 1 = ord_63..32

        Assert.Equal([(-1, 0, 20)], state.Locate(1, 20));
        Assert.Equal([(-1, 20, 16), (1, 0, 4)], state.Locate(2, 20));
        Assert.Equal([(1, 24, 8), (0, 0, 12)], state.Locate(4, 20));
        Assert.Equal([(0, 12, 20)], state.Locate(5, 20));
        Assert.Empty(state.Locate(6, 20));
        Assert.Empty(state.Locate(int.MaxValue, 100));
        Assert.Empty(new UserOrdersState().Locate(1, 20));
    }

    [Fact]
    public void A_late_order_belongs_to_the_oldest_run_that_reaches_its_time()
    {
        var state = Grown(100, runSize: 32);

        Assert.False(state.BelongsToArchive(Now.AddMinutes(64)));
        Assert.True(state.BelongsToArchive(Now.AddMinutes(63.5)));
        Assert.Equal(1, state.RunFor(Now.AddMinutes(63.5)));
        Assert.Equal(1, state.RunFor(Now.AddMinutes(31.5)));
        Assert.Equal(0, state.RunFor(Now.AddMinutes(-10)));
        Assert.False(Listing(("ord_1", 0)).BelongsToArchive(Now.AddMinutes(-10)));
    }
}
