namespace EShop.Client;

/// <summary>A discount code on a cart or an order, and what it takes off.</summary>
public sealed record AppliedDiscount(string Code, Money Amount);

/// <summary>A code as an admin creates it (schema CreateDiscountRequest): exactly one of PercentOff and AmountOff.</summary>
public sealed record DiscountInput(
    string Code,
    int? PercentOff = null,
    Money? AmountOff = null,
    int? MaxRedemptions = null,
    DateTimeOffset? ValidFrom = null,
    DateTimeOffset? ValidUntil = null,
    Money? MinSubtotal = null);

/// <summary>A code with its counts: redeemed by Confirmed orders, reserved by orders still being placed.</summary>
public sealed record Discount(
    string Code,
    int? PercentOff,
    Money? AmountOff,
    int? MaxRedemptions,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    Money? MinSubtotal,
    int Redeemed,
    int Reserved,
    DateTimeOffset CreatedAt);
