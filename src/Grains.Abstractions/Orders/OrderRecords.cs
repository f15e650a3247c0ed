using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;
using EShop.Grains.Abstractions.Users;

namespace EShop.Grains.Abstractions.Orders;

/// <summary>The public status of the contract; the saga's finer steps map onto it.</summary>
public static class OrderStatus
{
    public const string Pending = "Pending";
    public const string Confirmed = "Confirmed";
    public const string Shipped = "Shipped";
    public const string Delivered = "Delivered";
    public const string Cancelled = "Cancelled";
    public const string Failed = "Failed";
}

public static class FailureReasons
{
    public const string OutOfStock = "out_of_stock";
    public const string PaymentDeclined = "payment_declined";
    public const string PaymentTimeout = "payment_timeout";
    public const string ReservationExpired = "reservation_expired";

    /// <summary>The order's discount code refused its redemption (exhausted, expired, not yet valid).</summary>
    public const string DiscountUnavailable = "discount_unavailable";
}

[GenerateSerializer, Immutable, Alias("eshop.order-line.v1")]
public sealed record OrderLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] int Quantity,
    [property: Id(3)] Money UnitPrice,
    [property: Id(4)] Money LineTotal);

[GenerateSerializer, Immutable, Alias("eshop.status-change.v1")]
public sealed record StatusChange([property: Id(0)] string Status, [property: Id(1)] DateTimeOffset At);

/// <summary>
/// An order to place: lines priced from the catalog at checkout, the address snapshotted. <see cref="Total"/> is what
/// is charged: the lines' sum less <see cref="Discount"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("eshop.place-order.v1")]
public sealed record PlaceOrder(
    [property: Id(0)] string UserId,
    [property: Id(1)] IReadOnlyList<OrderLine> Lines,
    [property: Id(2)] Money Total,
    [property: Id(3)] Address ShippingAddress,
    [property: Id(4)] string PaymentMethodId,
    [property: Id(5)] AppliedDiscount? Discount = null)
{
    /// <summary>The lines' sum, before the discount.</summary>
    public Money Subtotal() => Total with { Amount = Lines.Sum(l => l.LineTotal.Amount) };
}

[GenerateSerializer, Immutable, Alias("eshop.order.v1")]
public sealed record Order(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Status,
    [property: Id(3)] IReadOnlyList<OrderLine> Items,
    [property: Id(4)] Money Total,
    [property: Id(5)] Address ShippingAddress,
    [property: Id(6)] string? PaymentId,
    [property: Id(7)] string? FailureReason,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] IReadOnlyList<StatusChange> History,
    [property: Id(11)] AppliedDiscount? Discount = null);

[GenerateSerializer, Immutable, Alias("eshop.order-summary.v1")]
public sealed record OrderSummary(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string Status,
    [property: Id(2)] Money Total,
    [property: Id(3)] DateTimeOffset CreatedAt);

public enum OrderActionStatus
{
    Done,
    NotFound,
    WrongState,
}

[GenerateSerializer, Immutable, Alias("eshop.order-action.v1")]
public sealed record OrderActionResult([property: Id(0)] OrderActionStatus Status, [property: Id(1)] Order? Order);
