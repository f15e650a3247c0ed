namespace EShop.Grains.Abstractions.Common;

/// <summary>An amount in minor units (cents) of a lowercase ISO 4217 currency.</summary>
[GenerateSerializer, Immutable, Alias("eshop.money.v1")]
public sealed record Money([property: Id(0)] long Amount, [property: Id(1)] string Currency)
{
    /// <summary>
    /// The most one price or one payment may be: Stripe's largest charge (99,999,999 minor units, e.g. $999,999.99).
    /// It also keeps every total within a long: 50 lines of 100 units at this price are about 5 * 10^11.
    /// </summary>
    public const long MaxAmount = 99_999_999;

    /// <summary>Whether an amount can be a price: 0..<see cref="MaxAmount"/> minor units.</summary>
    public static bool IsPrice(long amount) => amount is >= 0 and <= MaxAmount;

    /// <summary>Whether one payment can take the amount: 1..<see cref="MaxAmount"/> minor units.</summary>
    public static bool IsChargeable(long amount) => amount is > 0 and <= MaxAmount;
}
