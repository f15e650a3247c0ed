using System.ComponentModel.DataAnnotations;

namespace EShop.Grains.Users;

/// <summary>Account security settings, bound from the <c>Identity</c> configuration section.</summary>
public sealed class AccountOptions
{
    public const string Section = "Identity";

    /// <summary>Failed logins in a row from one client (address) that lock the account for that client only.</summary>
    [Range(1, 100)]
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>How long a client stays locked out of an account; also how long an unlocked client's failures are remembered.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Clients an account remembers failures of; beyond it the one that failed longest ago is forgotten.</summary>
    [Range(1, 1000)]
    public int MaxTrackedClients { get; set; } = 64;

    /// <summary>Failed logins in a row across all clients after which every attempt on the account waits a growing delay.</summary>
    [Range(1, 100_000)]
    public int SlowDownAfter { get; set; } = 20;

    /// <summary>The longest that delay grows to (it starts at 1 s and doubles with each further failure).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SlowDownMax { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Absolute lifetime of a refresh-token family (one login), however often it rotates.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);
}
