namespace EShop.Grains.Abstractions.Catalog;

[GenerateSerializer, Immutable, Alias("eshop.product-query.v1")]
public sealed record ProductQuery(
    [property: Id(0)] string? Search,
    [property: Id(1)] string? Category,
    [property: Id(2)] int Page,
    [property: Id(3)] int PageSize);

[GenerateSerializer, Immutable, Alias("eshop.product-page.v1")]
public sealed record ProductPage(
    [property: Id(0)] IReadOnlyList<Product> Items,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] int Total);
