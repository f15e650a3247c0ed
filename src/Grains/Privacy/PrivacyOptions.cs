using System.ComponentModel.DataAnnotations;

namespace EShop.Grains.Privacy;

/// <summary>How long a deleted account's shipped orders keep their delivery address, bound from <c>Privacy</c>.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// From the day an order shipped: the delivery record merchants must keep with the invoice (10 years in Germany,
    /// 6 in the UK; set it per market). After it, a deleted account's order loses its address too (docs/security.md).
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00")]
    public TimeSpan ShippedAddressRetention { get; set; } = TimeSpan.FromDays(3653);

    /// <summary>
    /// How often a deleted account that still has retained addresses checks them, by a reminder. At most 49 days,
    /// the longest reminder period Orleans takes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "49.00:00:00")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromDays(1);
}
