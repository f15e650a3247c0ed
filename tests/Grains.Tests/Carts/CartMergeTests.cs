using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Carts;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Carts;

/// <summary>A guest cart's lines joining a user's cart at login.</summary>
public sealed class CartMergeTests
{
    [Fact]
    public void Merged_quantities_add_to_existing_lines_capped_per_line_and_new_skus_are_appended()
    {
        var offers = Offers(Offer("TEE"), Offer("MUG"), Offer("CAP"));

        var cart = With(("TEE", 2), ("MUG", 90)).Merge("merge:a", [new StockLine("MUG", 30), new StockLine("CAP", 1), new StockLine("TEE", 3)], offers, Now);

        Assert.Equal([new CartItem("TEE", "prd_TEE", 5), new CartItem("MUG", "prd_MUG", CartRules.MaxQuantity), new CartItem("CAP", "prd_CAP", 1)], cart.Items);
        Assert.Equal(Now, cart.ChangedAt);
    }

    [Fact]
    public void A_merge_id_merges_once()
    {
        var offers = Offers(Offer("TEE"));
        var once = CartContents.Empty.Merge("merge:a", [new StockLine("TEE", 2)], offers, Now);

        var twice = once.Merge("merge:a", [new StockLine("TEE", 2)], offers, Now.AddMinutes(1));

        Assert.Same(once, twice);
        Assert.Equal(2, twice.Find("TEE")?.Quantity);
    }

    [Fact]
    public void Lines_the_cart_cannot_take_are_dropped_and_the_rest_merge()
    {
        var offers = Offers(Offer("TEE"), Offer("EURO", currency: "eur"));

        var cart = With(("TEE", 1)).Merge("merge:a", [new StockLine("GONE", 1), new StockLine("EURO", 1), new StockLine("TEE", 1)], offers, Now);

        Assert.Equal([new CartItem("TEE", "prd_TEE", 2)], cart.Items);
    }
}
