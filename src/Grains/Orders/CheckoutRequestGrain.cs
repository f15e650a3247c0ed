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
/// Keyed by <c>{userId}/{Idempotency-Key}</c>. The fingerprint, the orderId and the priced order are written in
/// one state write before the order is started, and calls do not interleave: of concurrent duplicates the first
/// creates the order and the rest answer it; a replay restarts the (idempotent) order in case a crash came between.
/// </summary>
public sealed class CheckoutRequestGrain(
    [PersistentState("checkout-request", StorageNames.Orders)] IPersistentState<CheckoutRequestState> state,
    IGrainFactory grains) : Grain, ICheckoutRequestGrain
{
    public async Task<CheckoutResult> Submit(CheckoutSubmission submission)
    {
        if (state.State.Fingerprint is { } fingerprint)
        {
            if (fingerprint != submission.Fingerprint)
                return new CheckoutResult(CheckoutStatus.DifferentRequest);
            var replayed = await grains.GetGrain<IOrderGrain>(state.State.OrderId!).Start(state.State.Command!);
            return new CheckoutResult(CheckoutStatus.Replayed, replayed);
        }

        var lines = await grains.GetGrain<ICartGrain>(submission.UserId).GetLines();
        if (lines.Count == 0)
            return new CheckoutResult(CheckoutStatus.EmptyCart);
        var (priced, problem) = await CheckoutPricing.Price(grains, lines);
        if (priced is null)
            return new CheckoutResult(CheckoutStatus.Unavailable, Detail: problem);

        var orderId = Ids.NewOrderId();
        var command = new PlaceOrder(submission.UserId, priced.Lines, priced.Total, submission.ShippingAddress, submission.PaymentMethodId);
        state.State = new CheckoutRequestState { Fingerprint = submission.Fingerprint, OrderId = orderId, Command = command };
        await state.WriteStateAsync();

        var order = await grains.GetGrain<IOrderGrain>(orderId).Start(command);
        return new CheckoutResult(CheckoutStatus.Accepted, order);
    }
}
