using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EShop.Api.Infrastructure;

/// <summary>
/// The <c>RateLimits</c> section: the Api's HTTP limits. Its <c>PasswordHashing</c> part is read by the process that
/// hosts the silo (the hashing cap), so that every limit is configured in one place.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>False turns the HTTP limits off (the login lockout and the silo's hashing cap stay).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Per client address, over every <c>/api/auth/*</c> route together.</summary>
    [ValidateObjectMembers]
    public WindowLimit Auth { get; set; } = new() { PermitLimit = 10 };

    /// <summary>Per signed-in user: <c>POST /api/orders</c>.</summary>
    [ValidateObjectMembers]
    public WindowLimit Checkout { get; set; } = new() { PermitLimit = 10 };

    /// <summary>Per signed-in user: every POST, PUT and DELETE under <c>/api/cart</c> together.</summary>
    [ValidateObjectMembers]
    public WindowLimit CartWrites { get; set; } = new() { PermitLimit = 60 };

    /// <summary>Per client address: <c>POST /api/carts</c> (guest cart tokens issued).</summary>
    [ValidateObjectMembers]
    public WindowLimit GuestCarts { get; set; } = new() { PermitLimit = 20 };
}

/// <summary>At most <see cref="PermitLimit"/> requests per fixed <see cref="Window"/>; no queue, the rest get 429.</summary>
public sealed class WindowLimit
{
    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

[OptionsValidator]
internal sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;
