using System.ComponentModel.DataAnnotations;

namespace EShop.Grains.Inventory;

/// <summary>The <c>Inventory</c> section.</summary>
public sealed class InventoryOptions : IValidatableObject
{
    public const string Section = "Inventory";

    /// <summary>How long checkout holds stock for an order that has not paid.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a sku with live reservations sweeps the lapsed ones (Orleans' reminder minimum applies).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long an ended hold (committed, released, expired, restocked) is remembered, so that repeated calls for that
    /// order answer the same. Every write of the sku carries these marks, so this bounds its state: longer is safer
    /// for a late repeat, shorter is cheaper on every write. The order repeats calls only during checkout (minutes,
    /// never past its reservation deadline, hence at least <see cref="ReservationTtl"/>), and a Confirmed order
    /// restocks by quantity on cancellation, days later or not, which needs no mark. The trade-off: an order that
    /// crashed between its commit and writing Completed and stays down longer than this compensates with a restock
    /// the sku no longer recognises, so those units stay off the shelf (an undersell, never an oversell).
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan HoldRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Available units below which an <c>inventory.low-stock</c> event is published (once per crossing).</summary>
    [Range(0, 1_000_000)]
    public int LowStockThreshold { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A mark forgotten before the order's deadline would let a retried Reserve hold stock again after its release.
        if (HoldRetention < ReservationTtl)
            yield return new ValidationResult("HoldRetention must be at least ReservationTtl.", [nameof(HoldRetention)]);
    }
}
