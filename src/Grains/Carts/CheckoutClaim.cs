using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Orders;

namespace EShop.Grains.Carts;

/// <summary>The order a checkout of this cart is placing: while it is Pending, no other checkout of the cart starts.</summary>
[GenerateSerializer, Immutable, Alias("eshop.checkout-claim.v1")]
public sealed record CheckoutClaim([property: Id(0)] string OrderId, [property: Id(1)] DateTimeOffset ClaimedAt);

/// <summary>What a claim attempt decided: the answer's status, and the claim the cart holds afterwards.</summary>
public sealed record ClaimDecision(CheckoutClaimStatus Status, CheckoutClaim? Claim);

/// <summary>
/// One checkout per cart at a time, decided without I/O. A claim never blocks forever: it ends when its order is
/// Confirmed (the cart is told), and stops counting once its order is no longer Pending or, if the order never
/// started (its checkout crashed or gave up between claiming and starting), once <c>startTimeout</c> has passed.
/// </summary>
public static class CheckoutClaims
{
    /// <summary>Whether deciding a claim for <paramref name="orderId"/> needs the status of the held claim's order.</summary>
    public static bool NeedsHeldStatus(CheckoutClaim? held, string orderId) => held is not null && held.OrderId != orderId;

    /// <summary>Whether the held claim still stops another checkout, given its order's public status (null: no such order).</summary>
    public static bool Blocks(CheckoutClaim held, string? heldOrderStatus, DateTimeOffset now, TimeSpan startTimeout) => heldOrderStatus switch
    {
        OrderStatus.Pending => true,
        // Claimed but not started: its checkout may be pricing the cart right now, or may have crashed.
        null => now - held.ClaimedAt < startTimeout,
        _ => false,
    };

    /// <summary>
    /// The decision on a claim for <paramref name="orderId"/>. A blocking claim wins over an empty cart, so that the
    /// caller learns which order is still on its way; an empty cart takes no claim (and ends this order's own).
    /// </summary>
    public static ClaimDecision Decide(
        CheckoutClaim? held, string orderId, string? heldOrderStatus, bool cartIsEmpty, DateTimeOffset now, TimeSpan startTimeout)
    {
        if (NeedsHeldStatus(held, orderId) && Blocks(held!, heldOrderStatus, now, startTimeout))
            return new ClaimDecision(CheckoutClaimStatus.Busy, held);
        if (cartIsEmpty)
            return new ClaimDecision(CheckoutClaimStatus.Empty, Release(held, orderId));
        return new ClaimDecision(CheckoutClaimStatus.Claimed, held?.OrderId == orderId ? held : new CheckoutClaim(orderId, now));
    }

    /// <summary>The claim once <paramref name="orderId"/> is done with the cart: cleared if it was that order's.</summary>
    public static CheckoutClaim? Release(CheckoutClaim? held, string orderId) => held?.OrderId == orderId ? null : held;
}
