namespace EShop.Grains.Abstractions.Common;

/// <summary>A quantity of one sku: a cart line without prices, an order line as inventory sees it.</summary>
[GenerateSerializer, Immutable, Alias("eshop.stock-line.v1")]
public sealed record StockLine([property: Id(0)] string Sku, [property: Id(1)] int Quantity);
