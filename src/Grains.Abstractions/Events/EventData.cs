using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;

namespace EShop.Grains.Abstractions.Events;

// The data of each event type, serialized as camelCase JSON into DomainEvent.Data. Add fields freely; a field
// that changes meaning or disappears makes a new version (a new type string).

public sealed record UserRegisteredV1(string UserId, string Email, string FullName, DateTimeOffset RegisteredAt);

/// <summary>
/// A profile change: <see cref="ChangedFields"/> names what changed (<c>fullName</c>, <c>addresses</c>) and the event
/// carries the new value of each changed field, null for the others; never the password hash.
/// </summary>
public sealed record UserUpdatedV1(string UserId, IReadOnlyList<string> ChangedFields, string? FullName, IReadOnlyList<Users.Address>? Addresses, DateTimeOffset UpdatedAt);

/// <summary>
/// The account was erased (GDPR art. 17): consumers drop or anonymise what they hold about <see cref="UserId"/>. The
/// event itself carries no personal data.
/// </summary>
public sealed record UserDeletedV1(string UserId, DateTimeOffset DeletedAt);

public sealed record SkuPrice(string Sku, Money Price);

public sealed record ProductCreatedV1(string ProductId, string Name, string Category, IReadOnlyList<SkuPrice> Skus);

public sealed record PriceChange(string Sku, Money? OldPrice, Money? NewPrice);

/// <summary>PriceChanges lists every sku whose price changed, was added (OldPrice null) or removed (NewPrice null).</summary>
public sealed record ProductUpdatedV1(string ProductId, string Name, string Category, long Version, IReadOnlyList<PriceChange> PriceChanges);

/// <summary>
/// The data of every order.* event: the order as it stands after the change. Sequence counts the order's status
/// changes, so a reader keeps the newest and ignores a redelivered or older one. Total is what the order charges
/// (the lines less Discount, when a code was applied).
/// </summary>
public sealed record OrderEventV1(
    string OrderId,
    string UserId,
    string Status,
    int Sequence,
    Money Total,
    int ItemCount,
    string? FailureReason,
    string? PaymentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset OccurredAt,
    AppliedDiscount? Discount = null);

public sealed record PaymentEventV1(string OrderId, string? PaymentIntentId, Money Amount, string Status, string? DeclineCode, string? RefundId);

public sealed record LowStockV1(string Sku, int Available, int Threshold);
