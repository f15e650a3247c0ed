using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Abstractions.Catalog;

[GenerateSerializer, Immutable, Alias("eshop.product.v1")]
public sealed record Product(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] string Category,
    [property: Id(4)] IReadOnlyDictionary<string, string> Attributes,
    [property: Id(5)] IReadOnlyList<ProductVariant> Variants,
    IReadOnlyList<ProductImage>? Images = null)
{
    [Id(6)]
    private readonly IReadOnlyList<ProductImage>? _images = Images;

    /// <summary>
    /// In display order; never null. Added in v1.1: state stored before (JSON without the field) and payloads of
    /// silos that predate it load with no images.
    /// </summary>
    public IReadOnlyList<ProductImage> Images { get => _images ?? []; init => _images = value; }
}

[GenerateSerializer, Immutable, Alias("eshop.product-variant.v1")]
public sealed record ProductVariant(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyDictionary<string, string> Attributes,
    [property: Id(3)] Money Price,
    IReadOnlyList<ProductImage>? Images = null)
{
    [Id(4)]
    private readonly IReadOnlyList<ProductImage>? _images = Images;

    /// <summary>In display order; never null (see <see cref="Product.Images"/>).</summary>
    public IReadOnlyList<ProductImage> Images { get => _images ?? []; init => _images = value; }
}

/// <summary>One picture of a product or variant: an https URL (or the shop's own placeholder path) and its alt text.</summary>
[GenerateSerializer, Immutable, Alias("eshop.product-image.v1")]
public sealed record ProductImage([property: Id(0)] string Url, [property: Id(1)] string Alt);
