using Orleans.Concurrency;

namespace EShop.Grains.Abstractions.Inventory;

[GenerateSerializer, Immutable, Alias("eshop.stock-level.v1")]
public sealed record StockLevelView(
    [property: Id(0)] string Sku,
    [property: Id(1)] int OnHand,
    [property: Id(2)] int Reserved)
{
    public int Available => OnHand - Reserved;
}

public enum SetStockStatus
{
    Updated,
    Negative,
    BelowReserved,
}

[GenerateSerializer, Immutable, Alias("eshop.set-stock-result.v1")]
public sealed record SetStockResult([property: Id(0)] SetStockStatus Status, [property: Id(1)] StockLevelView Level);

/// <summary>Stock of one sku, keyed by sku.</summary>
[Alias("eshop.IInventoryGrain")]
public interface IInventoryGrain : IGrainWithStringKey
{
    [ReadOnly, Alias("GetStock")]
    Task<StockLevelView> GetStock();

    [Alias("SetOnHand")]
    Task<SetStockResult> SetOnHand(int onHand);

    /// <summary>Sets onHand only if this sku has never been stocked (idempotent seeding); true if it did.</summary>
    [Alias("StockIfNew")]
    Task<bool> StockIfNew(int onHand);
}
