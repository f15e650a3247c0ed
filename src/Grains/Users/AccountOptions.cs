using System.ComponentModel.DataAnnotations;

namespace EShop.Grains.Users;

/// <summary>Account security settings, bound from the <c>Identity</c> configuration section.</summary>
public sealed class AccountOptions
{
    public const string Section = "Identity";

    /// <summary>Failed logins in a row that lock the account.</summary>
    [Range(1, 100)]
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Absolute lifetime of a refresh-token family (one login), however often it rotates.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);
}
