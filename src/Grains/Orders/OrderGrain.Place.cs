using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Orders;

namespace EShop.Grains.Orders;

public sealed partial class OrderGrain
{
    public async Task<CheckoutResult> Place(CheckoutSubmission submission)
    {
        if (state.State.Placed is not null)
        {
            // Orders placed before orders kept the fingerprint answer any repeat of their key as a replay.
            if (state.State.Fingerprint is { } fingerprint && fingerprint != submission.Fingerprint)
                return new CheckoutResult(CheckoutStatus.DifferentRequest);
            return new CheckoutResult(CheckoutStatus.Replayed, await Start(Placed));
        }

        // The claim comes first and is written by the cart: one checkout per cart at a time. A crash after it and before
        // this order's write is retried under the same orderId, which finds the cart claimed by itself.
        var cart = grains.GetGrain<ICartGrain>(submission.UserId);
        var claim = await cart.ClaimCheckout(OrderId);
        if (claim.Status == CheckoutClaimStatus.Busy)
            return Busy(claim.PendingOrderId!);
        if (claim.Status == CheckoutClaimStatus.Empty)
            return new CheckoutResult(CheckoutStatus.EmptyCart);

        var (priced, problem) = await CheckoutPricing.Price(grains, claim.Lines);
        if (priced is null)
        {
            await cart.ReleaseCheckout(OrderId);
            return new CheckoutResult(CheckoutStatus.Unavailable, Detail: problem);
        }

        var command = new PlaceOrder(submission.UserId, priced.Lines, priced.Total, submission.ShippingAddress, submission.PaymentMethodId);
        return new CheckoutResult(CheckoutStatus.Accepted, await Start(command, submission.Fingerprint));
    }

    private static CheckoutResult Busy(string pendingOrderId) => new(
        CheckoutStatus.CartBusy,
        Detail: $"Order {pendingOrderId}, placed from this cart, is still pending; check out again once it is confirmed or has failed.",
        PendingOrderId: pendingOrderId);
}
