using EShop.Grains.Abstractions.Common;
using EShop.Grains.Catalog;
using EShop.Grains.Orders;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Orders;

/// <summary>Checkout prices the cart itself, and only a total one payment can take becomes an order.</summary>
public sealed class CheckoutPricingTests
{
    private static string Refusal(IReadOnlyList<StockLine> lines, params SkuOffer[] offers)
    {
        var (priced, problem) = CheckoutPricing.Price(lines, Offers(offers));
        Assert.Null(priced);
        return Assert.IsType<string>(problem);
    }

    [Fact]
    public void Lines_are_priced_from_the_catalog_and_totalled()
    {
        var (priced, problem) = CheckoutPricing.Price([new StockLine("TEE", 3), new StockLine("MUG", 2)], Offers(Offer("TEE", 1999), Offer("MUG", 1600)));

        Assert.Null(problem);
        Assert.Equal([5997L, 3200L], priced!.Lines.Select(l => l.LineTotal.Amount));
        Assert.Equal(new Money(9197, "usd"), priced.Total);
    }

    [Fact]
    public void A_total_of_exactly_the_cap_is_charged()
    {
        var (priced, _) = CheckoutPricing.Price([new StockLine("TOP", 1)], Offers(Offer("TOP", Money.MaxAmount)));
        Assert.Equal(new Money(Money.MaxAmount, "usd"), priced?.Total);
    }

    [Fact]
    public void A_total_over_the_cap_is_refused()
    {
        Assert.Contains("99999999", Refusal([new StockLine("TOP", 2)], Offer("TOP", Money.MaxAmount)), StringComparison.Ordinal);
        Assert.Contains("99999999", Refusal([new StockLine("A", 1), new StockLine("B", 1)], Offer("A", 60_000_000), Offer("B", 40_000_000)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_cart_at_the_largest_price_is_refused_without_overflowing()
    {
        var skus = Enumerable.Range(0, 50).Select(i => $"SKU-{i}").ToArray();

        var problem = Refusal([.. skus.Select(sku => new StockLine(sku, 100))], [.. skus.Select(sku => Offer(sku, Money.MaxAmount))]);

        Assert.Contains("over", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4_611_686_018_427_387_904L, 2)]
    [InlineData(long.MaxValue, 100)]
    [InlineData(-1L, 1)]
    public void A_price_stored_outside_the_cap_is_refused_naming_its_sku(long stored, int quantity)
    {
        var problem = Refusal([new StockLine("MUG", 1), new StockLine("GOLD", quantity)], Offer("MUG", 1600), Offer("GOLD", stored));
        Assert.Contains("'GOLD'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_total_of_zero_has_nothing_to_charge() =>
        Assert.Contains("zero", Refusal([new StockLine("FREE", 3)], Offer("FREE", 0)), StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(int.MaxValue)]
    public void A_quantity_outside_a_cart_lines_range_is_refused(int quantity) =>
        Assert.Contains("'TEE'", Refusal([new StockLine("TEE", quantity)], Offer("TEE", 1999)), StringComparison.Ordinal);

    [Fact]
    public void A_sku_no_longer_sold_or_mixed_currencies_are_refused()
    {
        Assert.Contains("'GONE'", Refusal([new StockLine("GONE", 1)], Offer("TEE")), StringComparison.Ordinal);
        Assert.Contains("currencies", Refusal([new StockLine("TEE", 1), new StockLine("EURO", 1)], Offer("TEE"), Offer("EURO", currency: "eur")), StringComparison.Ordinal);
    }
}
