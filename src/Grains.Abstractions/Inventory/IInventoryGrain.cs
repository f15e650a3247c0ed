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

/// <summary>What became of one order's units of a sku. A repeat of a call answers the outcome it had the first time.</summary>
public enum ReservationOutcome
{
    Reserved,
    OutOfStock,
    Committed,
    Released,
    Expired,
    Restocked,
    Unknown,
}

/// <summary>Stock of one sku, keyed by sku. Reservations are per orderId and idempotent.</summary>
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

    /// <summary>Holds units for an order until <paramref name="ttl"/> passes or it is committed or released.</summary>
    [Alias("Reserve")]
    Task<ReservationOutcome> Reserve(string orderId, int quantity, TimeSpan ttl);

    /// <summary>Turns the order's live reservation into a sale (onHand drops); Expired or Released if it is gone.</summary>
    [Alias("Commit")]
    Task<ReservationOutcome> Commit(string orderId);

    /// <summary>Gives a live reservation back; a committed one stays committed (see <see cref="Restock"/>).</summary>
    [Alias("Release")]
    Task<ReservationOutcome> Release(string orderId);

    /// <summary>Puts an order's committed units back on the shelf (a cancelled, paid order), if the sku still remembers the commit.</summary>
    [Alias("Restock")]
    Task<ReservationOutcome> Restock(string orderId);

    /// <summary>
    /// Puts back <paramref name="quantity"/> units that the order committed, which its own stored state proves (it was
    /// Confirmed): the sku need not remember the commit, which it forgets after <c>Inventory:HoldRetention</c>.
    /// Once per order: a repeat answers Restocked and adds nothing.
    /// </summary>
    [Alias("RestockQuantity")]
    Task<ReservationOutcome> Restock(string orderId, int quantity);

    /// <summary>
    /// The order's word that it has written an end (Confirmed, Failed, Cancelled) and will ask nothing more about its
    /// hold that needs remembering (a later cancellation restocks by quantity): the ended mark goes with the sku's next
    /// write. A live reservation is never forgotten this way. One-way; a lost one leaves the mark to the retention.
    /// </summary>
    [OneWay, Alias("Forget")]
    Task Forget(string orderId);
}
