using EShop.Grains.Abstractions.Inventory;

namespace EShop.Grains.Inventory;

/// <summary>The stock of one sku: what is on the shelf and how much of it is promised to orders.</summary>
[GenerateSerializer, Immutable, Alias("eshop.stock-level-state.v1")]
public sealed record StockLevel([property: Id(0)] int OnHand, [property: Id(1)] int Reserved)
{
    public static StockLevel Empty { get; } = new(0, 0);

    public int Available => OnHand - Reserved;

    /// <summary>An admin count of the shelf; it may never drop below what is already promised.</summary>
    public (SetStockStatus Status, StockLevel Level) SetOnHand(int onHand) => onHand switch
    {
        < 0 => (SetStockStatus.Negative, this),
        _ when onHand < Reserved => (SetStockStatus.BelowReserved, this),
        _ => (SetStockStatus.Updated, this with { OnHand = onHand }),
    };

    public StockLevelView ToView(string sku) => new(sku, OnHand, Reserved);
}
