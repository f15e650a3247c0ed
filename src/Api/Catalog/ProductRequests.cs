using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;

namespace EShop.Api.Catalog;

public sealed record MoneyRequest(long? Amount, string? Currency);

/// <summary>An image as a client sends it; see <see cref="ProductImageRules"/> for what the url may be.</summary>
public sealed record ImageRequest(string? Url, string? Alt);

public sealed record VariantRequest(
    string? Sku, string? Name, Dictionary<string, string?>? Attributes, MoneyRequest? Price, List<ImageRequest?>? Images = null);

/// <summary>A product as a client sends it: every field may be missing, and each missing one is named in the 400.</summary>
public sealed record ProductRequest(
    string? ProductId,
    string? Name,
    string? Description,
    string? Category,
    Dictionary<string, string?>? Attributes,
    List<VariantRequest?>? Variants,
    List<ImageRequest?>? Images = null)
{
    /// <summary>The normalized product and its validation (shape errors of the request included).</summary>
    public (Product Product, ValidationFailure Validation) ToProduct(string productId)
    {
        var validation = new Validation();
        var variants = (Variants ?? []).Select((v, i) => ToVariant(v, i, validation)).ToList();
        return ProductRules.NormalizeAndValidate(
            new Product(productId, Name ?? "", Description ?? "", Category ?? "", Attributes.OrEmpty(), variants, Images.OrEmpty()), validation);
    }

    private static ProductVariant ToVariant(VariantRequest? variant, int index, Validation validation)
    {
        if (variant?.Price is { Amount: null })
            validation.Add($"variants[{index}].price.amount", "An amount in minor units is required.");
        var price = variant?.Price is { } p ? new Money(p.Amount ?? 0, p.Currency ?? "") : null;
        return variant is null ? null! : new ProductVariant(variant.Sku ?? "", variant.Name ?? "", variant.Attributes.OrEmpty(), price!, variant.Images.OrEmpty());
    }
}

internal static class AttributeExtensions
{
    public static Dictionary<string, string> OrEmpty(this Dictionary<string, string?>? attributes) =>
        attributes?.ToDictionary(a => a.Key, a => a.Value ?? "", StringComparer.Ordinal) ?? [];

    /// <summary>A missing entry stays null, for the rules to name it (<c>images[1]</c>).</summary>
    public static List<ProductImage> OrEmpty(this List<ImageRequest?>? images) =>
        images?.Select(i => i is null ? null! : new ProductImage(i.Url ?? "", i.Alt ?? "")).ToList() ?? [];
}
