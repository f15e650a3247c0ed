using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Carts;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Carts;

/// <summary>Cart totals are exact for every price the catalog accepts, and never wrap for one stored before the cap.</summary>
public sealed class CartPricingTests
{
    private const long AboveTheCap = 4_611_686_018_427_387_904;

    [Fact]
    public void The_largest_cart_at_the_largest_price_totals_exactly()
    {
        var skus = Enumerable.Range(0, CartContents.MaxLines).Select(i => $"SKU-{i}").ToArray();
        var cart = With([.. skus.Select(sku => (sku, CartRules.MaxQuantity))]);

        var priced = cart.Price(Offers([.. skus.Select(sku => Offer(sku, Money.MaxAmount))]));

        Assert.All(priced.Items, line => Assert.Equal(Money.MaxAmount * CartRules.MaxQuantity, line.LineTotal.Amount));
        Assert.Equal(new Money(499_999_995_000, "usd"), priced.Subtotal);
    }

    [Theory]
    [InlineData(AboveTheCap)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    public void A_line_priced_outside_the_cap_is_left_out_and_nothing_wraps(long stored)
    {
        var cart = With(("TEE", 2), ("MUG", 3));

        var priced = cart.Price(Offers(Offer("TEE", stored), Offer("MUG", 1600)));

        Assert.Equal(["MUG"], priced.Items.Select(l => l.Sku));
        Assert.Equal(new Money(4800, "usd"), priced.Subtotal);
        // The line stays in the cart: it shows again once an admin reprices the sku.
        Assert.Equal(2, cart.Find("TEE")?.Quantity);
    }

    [Fact]
    public void A_line_priced_above_the_cap_does_not_set_the_carts_currency()
    {
        var cart = With(("GOLD", 1), ("TEE", 1));

        var priced = cart.Price(Offers(Offer("GOLD", AboveTheCap, "eur"), Offer("TEE", 1999)));

        Assert.Equal(new Money(1999, "usd"), priced.Subtotal);
        Assert.Equal("usd", cart.Currency(Offers(Offer("GOLD", AboveTheCap, "eur"), Offer("TEE", 1999))));
    }

    [Fact]
    public void A_sku_priced_above_the_cap_cannot_be_added_or_set()
    {
        var before = With(("TEE", 1));

        var added = before.Add("GOLD", Offer("GOLD", AboveTheCap), 2, "usd", Now);
        var set = before.SetQuantity("GOLD", Offer("GOLD", Money.MaxAmount + 1), 1, "usd", Now);

        Assert.Equal((CartChangeStatus.NotForSale, CartChangeStatus.NotForSale), (added.Status, set.Status));
        Assert.Same(before, added.Contents);
        Assert.Same(before, set.Contents);
        Assert.Contains("99999999", added.Detail, StringComparison.Ordinal);
        Assert.Equal(CartChangeStatus.Changed, before.Add("TOP", Offer("TOP", Money.MaxAmount), 1, "usd", Now).Status);
    }
}
