using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Abstractions.Catalog;

[GenerateSerializer, Immutable, Alias("eshop.product.v1")]
public sealed record Product(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] string Category,
    [property: Id(4)] IReadOnlyDictionary<string, string> Attributes,
    [property: Id(5)] IReadOnlyList<ProductVariant> Variants);

[GenerateSerializer, Immutable, Alias("eshop.product-variant.v1")]
public sealed record ProductVariant(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyDictionary<string, string> Attributes,
    [property: Id(3)] Money Price);
