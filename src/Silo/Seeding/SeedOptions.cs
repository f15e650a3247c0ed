using System.ComponentModel.DataAnnotations;

namespace EShop.Silo.Seeding;

/// <summary>
/// The <c>Seed</c> section: the demo catalog and admin account. Enabled by default in Development only; the
/// admin defaults are the documented Development credentials (README), refused elsewhere (<see cref="SeedOptionsValidator"/>).
/// </summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>The README's admin password: fine on a developer's machine, refused in every other environment.</summary>
    public const string DevelopmentAdminPassword = "Admin123!ChangeMe";

    public bool Enabled { get; set; }

    [EmailAddress]
    public string AdminEmail { get; set; } = "admin@eshop.local";

    [MinLength(8)]
    public string AdminPassword { get; set; } = DevelopmentAdminPassword;

    [Range(0, 1_000_000)]
    public int StockPerSku { get; set; } = 100;
}
