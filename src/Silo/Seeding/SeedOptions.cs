using System.ComponentModel.DataAnnotations;

namespace EShop.Silo.Seeding;

/// <summary>The <c>Seed</c> section: the demo catalog and admin account (enabled in Development).</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    public bool Enabled { get; set; }

    [EmailAddress]
    public string AdminEmail { get; set; } = "admin@eshop.local";

    [MinLength(8)]
    public string AdminPassword { get; set; } = "";

    [Range(0, 1_000_000)]
    public int StockPerSku { get; set; } = 100;
}
