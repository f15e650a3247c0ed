using System.ComponentModel.DataAnnotations;

namespace EShop.Grains.Inventory;

/// <summary>The <c>Inventory</c> section.</summary>
public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>How long checkout holds stock for an order that has not paid.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a sku with live reservations sweeps the lapsed ones (Orleans' reminder minimum applies).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an ended hold is remembered, so that repeated calls for that order answer the same.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan HoldRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Available units below which an <c>inventory.low-stock</c> event is published (once per crossing).</summary>
    [Range(0, 1_000_000)]
    public int LowStockThreshold { get; set; } = 5;
}
