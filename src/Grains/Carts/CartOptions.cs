using System.ComponentModel.DataAnnotations;

namespace EShop.Grains.Carts;

/// <summary>The <c>Carts</c> section.</summary>
public sealed class CartOptions
{
    public const string Section = "Carts";

    /// <summary>Orleans' default minimum reminder period; a shorter idle timeout is still exact on every call.</summary>
    internal static readonly TimeSpan MinimumReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>A cart nobody has changed for this long is emptied.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a checkout's claim on the cart blocks other checkouts while its order has not started: normally
    /// milliseconds pass between the two; a claim older than this belongs to a checkout that crashed or gave up.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckoutStartTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A guest cart (and its token) nobody has changed for this long is emptied and closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan GuestIdleTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often an open guest cart checks itself for expiry without any traffic.</summary>
    public TimeSpan GuestReminderPeriod => GuestIdleTimeout > MinimumReminderPeriod ? GuestIdleTimeout : MinimumReminderPeriod;

    /// <summary>How often a non-empty cart checks itself for idleness without any traffic.</summary>
    public TimeSpan ReminderPeriod => IdleTimeout > MinimumReminderPeriod ? IdleTimeout : MinimumReminderPeriod;
}
