using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Abstractions.Catalog;

public enum ProductSaveStatus
{
    Saved,
    NotFound,
    AlreadyExists,
    Invalid,
    SkuTaken,
}

[GenerateSerializer, Immutable, Alias("eshop.product-save-result.v1")]
public sealed record ProductSaveResult(
    [property: Id(0)] ProductSaveStatus Status,
    [property: Id(1)] Product? Product = null,
    [property: Id(2)] ValidationFailure? Validation = null,
    [property: Id(3)] string? TakenSku = null);
