using EShop.Grains.Abstractions.Common;
using Orleans.Concurrency;

namespace EShop.Grains.Abstractions.Discounts;

/// <summary>What an admin set for a code: exactly one of <see cref="PercentOff"/> and <see cref="AmountOff"/>.</summary>
[GenerateSerializer, Immutable, Alias("eshop.discount-terms.v1")]
public sealed record DiscountTerms(
    [property: Id(0)] string Code,
    [property: Id(1)] int? PercentOff,
    [property: Id(2)] Money? AmountOff,
    [property: Id(3)] int? MaxRedemptions,
    [property: Id(4)] DateTimeOffset? ValidFrom,
    [property: Id(5)] DateTimeOffset? ValidUntil,
    [property: Id(6)] Money? MinSubtotal);

/// <summary>A code as the contract shows it: its terms and how many redemptions are confirmed and held right now.</summary>
[GenerateSerializer, Immutable, Alias("eshop.discount.v1")]
public sealed record Discount(
    [property: Id(0)] string Code,
    [property: Id(1)] int? PercentOff,
    [property: Id(2)] Money? AmountOff,
    [property: Id(3)] int? MaxRedemptions,
    [property: Id(4)] DateTimeOffset? ValidFrom,
    [property: Id(5)] DateTimeOffset? ValidUntil,
    [property: Id(6)] Money? MinSubtotal,
    [property: Id(7)] int Redeemed,
    [property: Id(8)] int Reserved,
    [property: Id(9)] DateTimeOffset CreatedAt)
{
    public DiscountTerms Terms => new(Code, PercentOff, AmountOff, MaxRedemptions, ValidFrom, ValidUntil, MinSubtotal);
}

/// <summary>A code applied to a cart or an order, and what it takes off the subtotal.</summary>
[GenerateSerializer, Immutable, Alias("eshop.applied-discount.v1")]
public sealed record AppliedDiscount([property: Id(0)] string Code, [property: Id(1)] Money Amount);

/// <summary>
/// What became of one order's redemption of a code, or why the code takes none. A repeat of a call for the same
/// order answers what the first one did.
/// </summary>
public enum RedemptionOutcome
{
    Reserved,
    Committed,
    Released,

    /// <summary>The order's hold lapsed (the reservation TTL passed before it was committed).</summary>
    Lapsed,

    /// <summary>No such code.</summary>
    Unknown,
    NotYetValid,
    Expired,

    /// <summary>Confirmed plus held redemptions have reached maxRedemptions.</summary>
    Exhausted,
    BelowMinimum,
}

public enum DiscountCreateStatus
{
    Created,
    Exists,
}

[GenerateSerializer, Immutable, Alias("eshop.discount-create-result.v1")]
public sealed record DiscountCreateResult([property: Id(0)] DiscountCreateStatus Status, [property: Id(1)] Discount Discount);

/// <summary>
/// One discount code, keyed by <see cref="DiscountRules.GrainKey"/>. Redemptions are held per orderId like stock:
/// reserved at checkout, committed when the order is Confirmed, released when it fails, lapsed after the TTL.
/// </summary>
[Alias("eshop.IDiscountGrain")]
public interface IDiscountGrain : IGrainWithStringKey
{
    /// <summary>Creates the code with these terms (normalized and validated by the caller); Exists if it already is.</summary>
    [Alias("Create")]
    Task<DiscountCreateResult> Create(DiscountTerms terms);

    /// <summary>The code with its counts, or null if it does not exist.</summary>
    [Alias("GetDiscount")]
    Task<Discount?> GetDiscount();

    /// <summary>Holds one redemption for the order until <paramref name="ttl"/> passes, unless the code refuses it.</summary>
    [Alias("Reserve")]
    Task<RedemptionOutcome> Reserve(string orderId, Money subtotal, TimeSpan ttl);

    /// <summary>Turns the order's live hold into a redemption; Lapsed or Released if the hold is gone.</summary>
    [Alias("Commit")]
    Task<RedemptionOutcome> Commit(string orderId);

    /// <summary>Gives a live hold back; a committed redemption stays. An unknown order is remembered as released.</summary>
    [Alias("Release")]
    Task<RedemptionOutcome> Release(string orderId);

    /// <summary>
    /// The order's word that it has written an end and will ask nothing more: its ended mark goes with the code's next
    /// write (a live hold is never forgotten this way). One-way; a lost one leaves the mark to the sweep's retention.
    /// </summary>
    [OneWay, Alias("Forget")]
    Task Forget(string orderId);
}
