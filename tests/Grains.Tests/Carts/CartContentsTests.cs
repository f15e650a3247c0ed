using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Carts;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Carts;

public sealed class CartContentsTests
{
    private static CartContents Full() => With([.. Enumerable.Range(0, CartContents.MaxLines).Select(i => ($"SKU-{i}", 1))]);

    private static void AssertRefused(CartChangeStatus status, CartContents before, CartDecision decision)
    {
        Assert.Equal(status, decision.Status);
        Assert.Same(before, decision.Contents);
        Assert.False(string.IsNullOrEmpty(decision.Detail));
    }

    [Fact]
    public void Adding_a_sku_creates_a_line_under_its_product_and_marks_the_change()
    {
        var cart = Changed(CartContents.Empty.Add("TEE", Offer("TEE"), 2, null, Now));

        Assert.Equal([new CartItem("TEE", "prd_TEE", 2)], cart.Items);
        Assert.Equal(Now, cart.ChangedAt);
    }

    [Fact]
    public void Adding_a_sku_already_in_the_cart_adds_to_its_line_and_keeps_the_order_of_lines()
    {
        var cart = Changed(With(("TEE", 2), ("MUG", 1)).Add("TEE", Offer("TEE"), 3, "usd", Now.AddHours(1)));

        Assert.Equal([new CartItem("TEE", "prd_TEE", 5), new CartItem("MUG", "prd_MUG", 1)], cart.Items);
        Assert.Equal(Now.AddHours(1), cart.ChangedAt);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(CartRules.MaxQuantity)]
    public void A_line_takes_1_to_100_units(int quantity) =>
        Assert.Equal(quantity, Changed(CartContents.Empty.Add("TEE", Offer("TEE"), quantity, null, Now)).Find("TEE")?.Quantity);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(CartRules.MaxQuantity + 1)]
    [InlineData(int.MinValue)]
    public void Adding_a_quantity_outside_1_to_100_is_refused(int quantity)
    {
        var before = With(("TEE", 1));
        AssertRefused(CartChangeStatus.InvalidQuantity, before, before.Add("TEE", Offer("TEE"), quantity, "usd", Now));
    }

    [Fact]
    public void Adding_up_to_exactly_100_units_is_accepted_and_beyond_is_refused_without_change()
    {
        var before = With(("TEE", 60));

        Assert.Equal(100, Changed(before.Add("TEE", Offer("TEE"), 40, "usd", Now)).Find("TEE")?.Quantity);
        AssertRefused(CartChangeStatus.InvalidQuantity, before, before.Add("TEE", Offer("TEE"), 41, "usd", Now));
        AssertRefused(CartChangeStatus.InvalidQuantity, before, before.Add("TEE", Offer("TEE"), int.MaxValue, "usd", Now));
    }

    [Fact]
    public void A_sku_the_catalog_does_not_sell_is_refused()
    {
        var before = With(("TEE", 1));
        AssertRefused(CartChangeStatus.UnknownSku, before, before.Add("GHOST", null, 1, "usd", Now));
        AssertRefused(CartChangeStatus.UnknownSku, before, before.SetQuantity("GHOST", null, 1, "usd", Now));
    }

    [Fact]
    public void A_51st_line_is_refused_but_the_50_lines_still_grow()
    {
        var full = Full();

        AssertRefused(CartChangeStatus.TooManyLines, full, full.Add("ONE-MORE", Offer("ONE-MORE"), 1, "usd", Now));
        AssertRefused(CartChangeStatus.TooManyLines, full, full.SetQuantity("ONE-MORE", Offer("ONE-MORE"), 1, "usd", Now));
        Assert.Equal(3, Changed(full.Add("SKU-7", Offer("SKU-7"), 2, "usd", Now)).Find("SKU-7")?.Quantity);
    }

    [Fact]
    public void A_sku_priced_in_another_currency_than_the_cart_is_refused()
    {
        var before = With(("TEE", 1));

        AssertRefused(CartChangeStatus.CurrencyMismatch, before, before.Add("EURO", Offer("EURO", currency: "eur"), 1, "usd", Now));
        AssertRefused(CartChangeStatus.CurrencyMismatch, before, before.SetQuantity("EURO", Offer("EURO", currency: "eur"), 1, "usd", Now));
        Assert.Equal(2, Changed(CartContents.Empty.Add("EURO", Offer("EURO", currency: "eur"), 2, null, Now)).Find("EURO")?.Quantity);
    }

    [Fact]
    public void Setting_a_quantity_replaces_the_line_or_adds_a_missing_one()
    {
        var cart = With(("TEE", 5));

        Assert.Equal(2, Changed(cart.SetQuantity("TEE", Offer("TEE"), 2, "usd", Now)).Find("TEE")?.Quantity);
        Assert.Equal(
            [new CartItem("TEE", "prd_TEE", 5), new CartItem("MUG", "prd_MUG", 100)],
            Changed(cart.SetQuantity("MUG", Offer("MUG"), 100, "usd", Now)).Items);
    }

    [Fact]
    public void Setting_the_quantity_a_line_already_has_changes_nothing()
    {
        var cart = With(("TEE", 5));
        Assert.Same(cart, Changed(cart.SetQuantity("TEE", Offer("TEE"), 5, "usd", Now.AddDays(1))));
    }

    [Fact]
    public void Setting_zero_removes_the_line_and_needs_no_catalog()
    {
        var cart = With(("TEE", 5), ("MUG", 1));

        Assert.Equal([new CartItem("MUG", "prd_MUG", 1)], Changed(cart.SetQuantity("TEE", null, 0, "usd", Now)).Items);
        Assert.Same(cart, Changed(cart.SetQuantity("ABSENT", null, 0, "usd", Now)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(CartRules.MaxQuantity + 1)]
    public void Setting_a_quantity_outside_0_to_100_is_refused(int quantity)
    {
        var before = With(("TEE", 5));
        AssertRefused(CartChangeStatus.InvalidQuantity, before, before.SetQuantity("TEE", Offer("TEE"), quantity, "usd", Now));
    }

    [Fact]
    public void Removing_takes_the_line_out_and_removing_again_changes_nothing()
    {
        var removed = With(("TEE", 5), ("MUG", 1)).Remove("TEE", Now.AddHours(2));

        Assert.Equal([new CartItem("MUG", "prd_MUG", 1)], removed.Items);
        Assert.Equal(Now.AddHours(2), removed.ChangedAt);
        Assert.Same(removed, removed.Remove("TEE", Now.AddHours(3)));
    }

    [Fact]
    public void Clearing_empties_the_cart_and_clearing_an_empty_cart_changes_nothing()
    {
        var cleared = With(("TEE", 5), ("MUG", 1)).Clear(Now);

        Assert.True(cleared.IsEmpty);
        Assert.Same(cleared, cleared.Clear(Now.AddDays(1)));
        var empty = CartContents.Empty;
        Assert.Same(empty, empty.Clear(Now));
    }
}
