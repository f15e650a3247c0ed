using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Carts;
using EShop.Grains.Catalog;
using EShop.Grains.Tests.Catalog;

namespace EShop.Grains.Tests.Carts;

/// <summary>Carts and catalog offers to start from, and products for the grain tests.</summary>
internal static class CartSamples
{
    public static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static SkuOffer Offer(string sku, long amount = 1000, string currency = "usd") =>
        new(sku, $"prd_{sku}", $"{sku} name", new Money(amount, currency));

    public static Dictionary<string, SkuOffer> Offers(params SkuOffer[] offers) => offers.ToDictionary(o => o.Sku);

    /// <summary>A cart holding these lines (in usd), last changed at <see cref="Now"/>.</summary>
    public static CartContents With(params (string Sku, int Quantity)[] lines) =>
        lines.Aggregate(CartContents.Empty, (cart, line) => Changed(cart.Add(line.Sku, Offer(line.Sku), line.Quantity, null, Now)));

    public static CartContents Changed(CartDecision decision)
    {
        Assert.Equal(CartChangeStatus.Changed, decision.Status);
        return decision.Contents;
    }

    public static string NewUserId() => $"usr_{Guid.NewGuid():N}";

    /// <summary>Creates a product selling these variants, so that a cart can hold them.</summary>
    public static async Task<Product> CreateProduct(this IClusterClient client, string productId, params ProductVariant[] variants)
    {
        var result = await client.GetGrain<IProductGrain>(productId).Create(Products.With(productId) with { Variants = variants });
        Assert.Equal(ProductSaveStatus.Saved, result.Status);
        return result.Product!;
    }

    public static Cart Changed(CartChange change)
    {
        Assert.Equal(CartChangeStatus.Changed, change.Status);
        return change.Cart;
    }

    public static void AssertSameCart(Cart expected, Cart actual)
    {
        Assert.Equal(expected.Items, actual.Items);
        Assert.Equal(expected.Subtotal, actual.Subtotal);
    }
}
