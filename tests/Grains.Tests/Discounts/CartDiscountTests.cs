using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Discounts;

public sealed class CartDiscountTests
{
    private static readonly DiscountTerms TenPercentOver3000 = new("SAVE10", 10, null, null, null, null, new Money(3000, "usd"));

    [Fact]
    public void A_cart_with_a_code_shows_the_discount_and_a_total_of_subtotal_less_discount()
    {
        var contents = With(("TEE", 4)).WithDiscount("SAVE10", Now);

        var cart = contents.Price(Offers(Offer("TEE", 999)), TenPercentOver3000, Now);

        Assert.Equal(new Money(3996, "usd"), cart.Subtotal);
        Assert.Equal(new AppliedDiscount("SAVE10", new Money(399, "usd")), cart.Discount);
        Assert.Equal(new Money(3597, "usd"), cart.Total);
    }

    [Fact]
    public void A_cart_that_falls_below_the_minimum_keeps_the_code_at_zero_and_charges_the_subtotal()
    {
        var contents = With(("TEE", 2)).WithDiscount("SAVE10", Now);

        var cart = contents.Price(Offers(Offer("TEE", 999)), TenPercentOver3000, Now);

        Assert.Equal(new AppliedDiscount("SAVE10", new Money(0, "usd")), cart.Discount);
        Assert.Equal(cart.Subtotal, cart.Total);
    }

    [Fact]
    public void A_cart_without_a_code_has_its_subtotal_as_total_and_no_discount()
    {
        var cart = With(("TEE", 2)).Price(Offers(Offer("TEE", 999)), TenPercentOver3000, Now);

        Assert.Null(cart.Discount);
        Assert.Equal(new Money(1998, "usd"), cart.Total);
    }

    [Fact]
    public void A_merge_carries_the_guests_code_only_into_a_cart_without_one()
    {
        var offers = Offers(Offer("TEE"), Offer("MUG"));

        var plain = With(("TEE", 1)).Merge("merge-1", [new StockLine("MUG", 1)], offers, Now, "GUEST5");
        var own = With(("TEE", 1)).WithDiscount("MINE20", Now).Merge("merge-2", [new StockLine("MUG", 1)], offers, Now, "GUEST5");

        Assert.Equal("GUEST5", plain.DiscountCode);
        Assert.Equal("MINE20", own.DiscountCode);
    }

    [Fact]
    public void A_confirmed_order_and_clearing_the_cart_take_the_code_off_the_cart()
    {
        var contents = With(("TEE", 2)).WithDiscount("SAVE10", Now);

        Assert.Null(contents.RemoveOrdered("ord-1", [new StockLine("TEE", 1)], Now).DiscountCode);
        Assert.Null(contents.Clear(Now).DiscountCode);
    }
}
