using System.ComponentModel.DataAnnotations;

namespace EShop.Grains.Users;

/// <summary>
/// The <c>RateLimits:PasswordHashing</c> section: how much password hashing one silo does at once. The rest of
/// <c>RateLimits</c> is the Api's HTTP limits; this part is read by whichever process hosts the silo.
/// </summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "RateLimits:PasswordHashing";

    /// <summary>Hashes computed at once; more would only slow every one of them down.</summary>
    [Range(1, 1024)]
    public int Permits { get; set; } = Environment.ProcessorCount;

    /// <summary>Hashes waiting for a permit; beyond this a login or registration is refused as busy.</summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 64;

    /// <summary>What a refused caller is told to wait (the Retry-After of the Api's 503).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);
}
