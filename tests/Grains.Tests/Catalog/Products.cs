using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Tests.Catalog;

/// <summary>Valid products to start from; each test changes only what it is about.</summary>
internal static class Products
{
    public static string NewId() => $"prd_{Guid.NewGuid():N}";

    /// <summary>A sku no other test uses.</summary>
    public static string NewSku(string prefix = "SKU") => $"{prefix}-{Guid.NewGuid():N}";

    public static Product With(string productId, params string[] skus) => new(
        productId,
        "Trail Shoe",
        "A light shoe for rough paths.",
        "shoes",
        new Dictionary<string, string> { ["brand"] = "Northwind" },
        [.. skus.Select(sku => Variant(sku))]);

    public static ProductVariant Variant(string sku, string name = "Size 42", long amount = 8900, string currency = "usd") =>
        new(sku, name, new Dictionary<string, string> { ["size"] = "42" }, new Money(amount, currency));
}
