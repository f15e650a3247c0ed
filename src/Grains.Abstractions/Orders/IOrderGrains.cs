using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Abstractions.Users;
using Orleans.Concurrency;

namespace EShop.Grains.Abstractions.Orders;

/// <summary>One order, keyed by orderId: runs the checkout saga and then the order's life.</summary>
[Alias("eshop.IOrderGrain")]
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>Records the order and starts its saga in the background; a repeat answers the order as it is.</summary>
    [Alias("Start")]
    Task<Order> Start(PlaceOrder command);

    /// <summary>
    /// Places the order of one checkout request (the order is keyed by the request, see
    /// <see cref="ICheckoutRequestGrain"/>): claims the user's cart, prices it and writes the order with the request's
    /// fingerprint in one write, then starts its saga. A repeat with the same fingerprint answers the order placed.
    /// </summary>
    [Alias("Place")]
    Task<CheckoutResult> Place(CheckoutSubmission submission);

    [AlwaysInterleave, Alias("GetOrder")]
    Task<Order?> GetOrder();

    /// <summary>Drives the saga from its last persisted step as far as it can go now, without the caller waiting.</summary>
    [OneWay, Alias("Advance")]
    Task Advance();

    /// <summary>The payment grain's word that a payment pending at the gateway has settled.</summary>
    [OneWay, Alias("PaymentSettled")]
    Task PaymentSettled(PaymentView payment);

    [Alias("Cancel")]
    Task<OrderActionResult> Cancel();

    [Alias("Ship")]
    Task<OrderActionResult> Ship();

    [Alias("Deliver")]
    Task<OrderActionResult> Deliver();

    /// <summary>
    /// The customer's account was deleted: the order loses its shipping address (replaced by
    /// <see cref="Users.UserRules.Erased(Users.Address)"/>, the country kept for tax), unless it shipped at or after
    /// <paramref name="shippedBefore"/>: shipped goods keep theirs for the retention period from shipping. True while
    /// it still keeps one (ask again later). Idempotent.
    /// </summary>
    [Alias("ErasePersonalData")]
    Task<bool> ErasePersonalData(DateTimeOffset shippedBefore);

    /// <summary>
    /// Registers (or renews) <paramref name="watcher"/> for this order's status changes and answers the order as it is
    /// now; null, and nothing registered, for an order that does not exist. A watcher not renewed within
    /// <see cref="OrderTimeline.WatcherExpiry"/> is forgotten, as are all watchers when the grain deactivates.
    /// </summary>
    [AlwaysInterleave, Alias("Watch")]
    Task<Order?> Watch(IOrderWatcher watcher);

    [AlwaysInterleave, Alias("Unwatch")]
    Task Unwatch(IOrderWatcher watcher);
}

/// <summary>One page of a user's orderIds, newest first, and how many orders the user has in all.</summary>
[GenerateSerializer, Immutable, Alias("eshop.user-order-page.v1")]
public sealed record UserOrderPage([property: Id(0)] IReadOnlyList<string> OrderIds, [property: Id(1)] int Total);

/// <summary>A user's orders, newest first, keyed by userId.</summary>
[Alias("eshop.IUserOrdersGrain")]
public interface IUserOrdersGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task Add(string orderId, DateTimeOffset createdAt);

    /// <summary>The orderIds of one page (1-based), so that a caller fetches only those orders.</summary>
    [ReadOnly, Alias("Page")]
    Task<UserOrderPage> Page(int page, int pageSize);
}

public static class UserOrdersPaging
{
    private const int PageSize = 100;

    /// <summary>Every orderId of the user, newest first, read a page at a time.</summary>
    public static async Task<List<string>> AllOrderIds(this IUserOrdersGrain orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var ids = new List<string>();
        for (var page = 1; ; page++)
        {
            var slice = await orders.Page(page, PageSize);
            ids.AddRange(slice.OrderIds);
            if (slice.OrderIds.Count < PageSize || ids.Count >= slice.Total)
                return ids;
        }
    }
}

/// <summary>
/// A sealed run of a user's older orders (key "{userId}/{n}", n from 0, oldest first), so that the user's own list
/// holds only the newest orders and its write on every checkout stays small however many orders the user has.
/// </summary>
[Alias("eshop.IUserOrdersArchiveGrain")]
public interface IUserOrdersArchiveGrain : IGrainWithStringKey
{
    /// <summary>Replaces the run (newest first); repeating it with the same entries changes nothing.</summary>
    [Alias("Seal")]
    Task Seal(IReadOnlyList<UserOrderEntry> orders);

    /// <summary>Lists an order that reached the user's list late (its start was resumed after a crash); answers the run's size.</summary>
    [Alias("AddLate")]
    Task<int> AddLate(UserOrderEntry order);

    [ReadOnly, Alias("Slice")]
    Task<IReadOnlyList<string>> Slice(int skip, int take);
}

/// <summary>One order in a user's list.</summary>
[GenerateSerializer, Immutable, Alias("eshop.user-order-entry.v1")]
public sealed record UserOrderEntry([property: Id(0)] string OrderId, [property: Id(1)] DateTimeOffset CreatedAt);

public enum CheckoutStatus
{
    Accepted,
    Replayed,
    DifferentRequest,
    EmptyCart,
    Unavailable,

    /// <summary>Another order placed from the same cart is still Pending: one checkout per cart at a time.</summary>
    CartBusy,
}

[GenerateSerializer, Immutable, Alias("eshop.checkout-submission.v1")]
public sealed record CheckoutSubmission(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] Address ShippingAddress,
    [property: Id(3)] string PaymentMethodId);

[GenerateSerializer, Immutable, Alias("eshop.checkout-result.v1")]
public sealed record CheckoutResult(
    [property: Id(0)] CheckoutStatus Status,
    [property: Id(1)] Order? Order = null,
    [property: Id(2)] string? Detail = null,
    [property: Id(3)] string? PendingOrderId = null);

/// <summary>
/// One checkout request, keyed by <c>{userId}/{Idempotency-Key}</c>: it names the request's order (derived from the
/// key), which records the request's fingerprint with the order itself, so that duplicates answer the same order and
/// a different body is refused.
/// </summary>
[Alias("eshop.ICheckoutRequestGrain")]
public interface ICheckoutRequestGrain : IGrainWithStringKey
{
    [Alias("Submit")]
    Task<CheckoutResult> Submit(CheckoutSubmission submission);
}
