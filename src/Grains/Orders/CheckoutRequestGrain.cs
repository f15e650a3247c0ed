using System.Security.Cryptography;
using System.Text;
using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Orders;
using Orleans.Runtime;

namespace EShop.Grains.Orders;

[GenerateSerializer, Alias("eshop.checkout-request-state.v1")]
public sealed class CheckoutRequestState
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public string? OrderId { get; set; }
    [Id(2)] public PlaceOrder? Command { get; set; }
}

/// <summary>
/// Keyed by <c>{userId}/{Idempotency-Key}</c>. First claims the user's cart for its order (one checkout per cart at a
/// time: a claim refused names the Pending order), then writes the fingerprint, the orderId and the priced order in
/// one state write before the order is started. Calls do not interleave: of concurrent duplicates the first creates
/// the order and the rest answer it; a replay restarts the (idempotent) order in case a crash came between.
/// </summary>
public sealed class CheckoutRequestGrain(
    [PersistentState("checkout-request", StorageNames.Orders)] IPersistentState<CheckoutRequestState> state,
    IGrainFactory grains) : Grain, ICheckoutRequestGrain
{
    /// <summary>
    /// The orderId a checkout request places, derived from its key: a retry after a crash between the claim and the
    /// write of this grain's state claims under the same id, so it finds the cart claimed by itself, not by a stranger.
    /// </summary>
    public static string OrderIdFor(string requestKey) =>
        $"ord_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestKey)))[..32]}";

    public async Task<CheckoutResult> Submit(CheckoutSubmission submission)
    {
        if (state.State.Fingerprint is { } fingerprint)
            return fingerprint == submission.Fingerprint ? await Replay(submission.UserId) : new CheckoutResult(CheckoutStatus.DifferentRequest);

        var orderId = OrderIdFor(this.GetPrimaryKeyString());
        var cart = grains.GetGrain<ICartGrain>(submission.UserId);
        var claim = await cart.ClaimCheckout(orderId);
        if (claim.Status == CheckoutClaimStatus.Busy)
            return Busy(claim.PendingOrderId!);
        if (claim.Status == CheckoutClaimStatus.Empty)
            return new CheckoutResult(CheckoutStatus.EmptyCart);

        var (priced, problem) = await CheckoutPricing.Price(grains, claim.Lines);
        if (priced is null)
        {
            await cart.ReleaseCheckout(orderId);
            return new CheckoutResult(CheckoutStatus.Unavailable, Detail: problem);
        }

        var command = new PlaceOrder(submission.UserId, priced.Lines, priced.Total, submission.ShippingAddress, submission.PaymentMethodId);
        state.State = new CheckoutRequestState { Fingerprint = submission.Fingerprint, OrderId = orderId, Command = command };
        await state.WriteStateAsync();

        var order = await grains.GetGrain<IOrderGrain>(orderId).Start(command);
        return new CheckoutResult(CheckoutStatus.Accepted, order);
    }

    private async Task<CheckoutResult> Replay(string userId)
    {
        var order = grains.GetGrain<IOrderGrain>(state.State.OrderId!);
        // Not started yet (a crash came after this grain's write): claim again first, so that it never starts while
        // another checkout of the cart, begun after this one's claim lapsed, is Pending.
        if (await order.GetOrder() is null
            && await grains.GetGrain<ICartGrain>(userId).ClaimCheckout(state.State.OrderId!) is { Status: CheckoutClaimStatus.Busy } claim)
            return Busy(claim.PendingOrderId!);

        return new CheckoutResult(CheckoutStatus.Replayed, await order.Start(state.State.Command!));
    }

    private static CheckoutResult Busy(string pendingOrderId) => new(
        CheckoutStatus.CartBusy,
        Detail: $"Order {pendingOrderId}, placed from this cart, is still pending; check out again once it is confirmed or has failed.",
        PendingOrderId: pendingOrderId);
}
