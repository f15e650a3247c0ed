using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Carts;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Carts;

/// <summary>Idleness, orders taken out of the cart, and the priced view.</summary>
public sealed class CartLifecycleTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromDays(30);

    [Fact]
    public void A_cart_is_idle_exactly_when_the_timeout_has_passed_since_its_last_change()
    {
        var cart = With(("TEE", 1));

        Assert.False(cart.IsIdle(Now + Idle - TimeSpan.FromTicks(1), Idle));
        Assert.True(cart.IsIdle(Now + Idle, Idle));
        Assert.Same(cart, cart.ClearIfIdle(Now + Idle - TimeSpan.FromTicks(1), Idle));
        Assert.True(cart.ClearIfIdle(Now + Idle, Idle).IsEmpty);
    }

    [Fact]
    public void A_change_restarts_the_idle_time_and_an_empty_cart_is_never_idle()
    {
        var touched = Changed(With(("TEE", 1)).Add("TEE", Offer("TEE"), 1, "usd", Now.AddDays(20)));

        Assert.False(touched.IsIdle(Now + Idle, Idle));
        Assert.True(touched.IsIdle(Now.AddDays(20) + Idle, Idle));
        Assert.False(CartContents.Empty.IsIdle(DateTimeOffset.MaxValue, Idle));
    }

    [Fact]
    public void An_order_takes_its_quantities_out_and_a_line_at_or_below_zero_goes()
    {
        var cart = With(("TEE", 5), ("MUG", 2), ("KETTLE", 1));

        var after = cart.RemoveOrdered("o1", [new("TEE", 3), new("MUG", 2), new("KETTLE", 4), new("NOT-IN-CART", 1)], Now.AddHours(1));

        Assert.Equal([new CartItem("TEE", "prd_TEE", 2)], after.Items);
        Assert.Equal(Now.AddHours(1), after.ChangedAt);
        Assert.Equal(["o1"], after.AppliedOrders);
    }

    [Fact]
    public void An_order_repeating_a_sku_takes_out_the_sum()
    {
        var after = With(("TEE", 5)).RemoveOrdered("o1", [new("TEE", 2), new("TEE", 2)], Now);
        Assert.Equal(1, after.Find("TEE")?.Quantity);
    }

    [Fact]
    public void The_same_order_is_taken_out_only_once()
    {
        var once = With(("TEE", 5)).RemoveOrdered("o1", [new("TEE", 2)], Now);

        Assert.Same(once, once.RemoveOrdered("o1", [new("TEE", 2)], Now.AddHours(1)));
        Assert.Equal(3, once.Find("TEE")?.Quantity);
    }

    [Fact]
    public void An_order_that_finds_nothing_to_take_is_remembered_without_touching_the_lines()
    {
        var cart = With(("TEE", 5));

        var after = cart.RemoveOrdered("o1", [new("MUG", 1)], Now.AddDays(3));

        Assert.Same(cart.Items, after.Items);
        Assert.Equal(Now, after.ChangedAt);
        Assert.Equal(["o1"], after.AppliedOrders);
    }

    [Fact]
    public void The_latest_20_orders_are_remembered_and_clearing_does_not_forget_them()
    {
        var cart = With(("TEE", 100));
        for (var i = 1; i <= CartContents.RememberedOrders + 1; i++)
            cart = cart.RemoveOrdered($"o{i}", [new("TEE", 1)], Now);
        cart = cart.Clear(Now);

        Assert.Equal([.. Enumerable.Range(2, CartContents.RememberedOrders).Select(i => $"o{i}")], cart.AppliedOrders);
        Assert.Same(cart, cart.RemoveOrdered("o21", [new("TEE", 1)], Now));
    }

    [Fact]
    public void Lines_the_catalog_no_longer_sells_are_dropped_on_request()
    {
        var cart = With(("TEE", 1), ("GONE", 2));

        Assert.Equal([new CartItem("TEE", "prd_TEE", 1)], cart.KeepOnly(Offers(Offer("TEE"))).Items);
        Assert.Same(cart, cart.KeepOnly(Offers(Offer("TEE"), Offer("GONE"))));
    }

    [Fact]
    public void An_empty_cart_is_priced_at_zero_dollars()
    {
        var cart = CartContents.Empty.Price(Offers());

        Assert.Empty(cart.Items);
        Assert.Equal(new Money(0, "usd"), cart.Subtotal);
    }

    [Fact]
    public void Lines_are_priced_from_the_offers_with_line_totals_and_a_subtotal()
    {
        var cart = With(("TEE", 3), ("MUG", 2)).Price(Offers(Offer("TEE", 1999), Offer("MUG", 1600)));

        Assert.Equal(
            [
                new CartLine("TEE", "prd_TEE", "TEE name", 3, new Money(1999, "usd"), new Money(5997, "usd")),
                new CartLine("MUG", "prd_MUG", "MUG name", 2, new Money(1600, "usd"), new Money(3200, "usd")),
            ],
            cart.Items);
        Assert.Equal(new Money(9197, "usd"), cart.Subtotal);
    }

    [Fact]
    public void A_cart_in_another_currency_totals_in_it()
    {
        var cart = With(("EURO", 2)).Price(Offers(Offer("EURO", 500, "eur")));
        Assert.Equal(new Money(1000, "eur"), cart.Subtotal);
    }

    [Fact]
    public void Lines_not_sold_or_no_longer_in_the_cart_currency_are_left_out_of_the_view()
    {
        var contents = With(("TEE", 1), ("GONE", 1), ("MOVED", 1));
        var offers = Offers(Offer("TEE", 1000), Offer("MOVED", 700, "eur"));

        var cart = contents.Price(offers);

        Assert.Equal(["TEE"], cart.Items.Select(l => l.Sku));
        Assert.Equal(new Money(1000, "usd"), cart.Subtotal);
        Assert.Equal("usd", contents.Currency(offers));
        Assert.Equal("eur", contents.Currency(offers, exceptSku: "TEE"));
        Assert.Null(contents.Currency(Offers()));
    }
}
