using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;
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

        var discount = claim.DiscountCode is { } code ? await DiscountOn(code, priced.Total) : null;
        var total = priced.Total with { Amount = priced.Total.Amount - (discount?.Amount.Amount ?? 0) };
        if (!Money.IsChargeable(total.Amount))
        {
            await cart.ReleaseCheckout(OrderId);
            return new CheckoutResult(CheckoutStatus.Unavailable, Detail: "The discount covers the whole order; there is nothing to charge.");
        }

        var command = new PlaceOrder(submission.UserId, priced.Lines, total, submission.ShippingAddress, submission.PaymentMethodId, discount);
        return new CheckoutResult(CheckoutStatus.Accepted, await Start(command, submission.Fingerprint));
    }

    /// <summary>
    /// What the cart's code takes off, as the cart shows it now (nothing while below its minimum or outside its window:
    /// the order then carries no code). Its redemption is reserved by the saga, which fails the order if it is refused.
    /// </summary>
    private async Task<AppliedDiscount?> DiscountOn(string code, Money subtotal)
    {
        if (await grains.GetGrain<IDiscountGrain>(DiscountRules.GrainKey(code)).GetDiscount() is not { } discount)
            return null;
        var amount = DiscountRules.Refusal(discount.Terms, subtotal, clock.UtcNow) is null ? DiscountRules.AmountOff(discount.Terms, subtotal) : 0;
        return amount > 0 ? new AppliedDiscount(discount.Code, subtotal with { Amount = amount }) : null;
    }

    private static CheckoutResult Busy(string pendingOrderId) => new(
        CheckoutStatus.CartBusy,
        Detail: $"Order {pendingOrderId}, placed from this cart, is still pending; check out again once it is confirmed or has failed.",
        PendingOrderId: pendingOrderId);
}
