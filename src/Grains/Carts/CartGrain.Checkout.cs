using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Orders;
using Microsoft.Extensions.Logging;

namespace EShop.Grains.Carts;

/// <summary>
/// One checkout per cart at a time. The cart serializes it because it is one grain per user that does not
/// interleave writes: of concurrent claims the first wins and the others see it. The claim is written before its
/// order starts, so a restart keeps it; it is judged against its order's status when someone tries again.
/// </summary>
public sealed partial class CartGrain
{
    public async Task<CheckoutClaimResult> ClaimCheckout(string orderId)
    {
        var held = state.State.Checkout;
        // GetOrder interleaves, so asking the order never waits on it (which may itself be waiting on this cart).
        var heldStatus = CheckoutClaims.NeedsHeldStatus(held, orderId)
            ? (await grains.GetGrain<IOrderGrain>(held!.OrderId).GetOrder())?.Status
            : null;

        var now = clock.UtcNow;
        var contents = ContentsAt(now);
        var decision = CheckoutClaims.Decide(held, orderId, heldStatus, contents.IsEmpty, now, options.Value.CheckoutStartTimeout);
        if (decision.Status == CheckoutClaimStatus.Busy)
            return new CheckoutClaimResult(CheckoutClaimStatus.Busy, [], held!.OrderId);

        if (decision.Status == CheckoutClaimStatus.Claimed && held is not null && held.OrderId != orderId)
            LogClaimSuperseded(logger, UserId, held.OrderId, heldStatus ?? "never started", orderId);
        await Save(contents, decision.Claim, now);
        IReadOnlyList<StockLine> lines = decision.Status == CheckoutClaimStatus.Claimed
            ? [.. contents.Items.Select(i => new StockLine(i.Sku, i.Quantity))]
            : [];
        return new CheckoutClaimResult(decision.Status, lines, DiscountCode: decision.Status == CheckoutClaimStatus.Claimed ? contents.DiscountCode : null);
    }

    public Task ReleaseCheckout(string orderId)
    {
        var now = clock.UtcNow;
        return Save(ContentsAt(now), CheckoutClaims.Release(state.State.Checkout, orderId), now);
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information,
        Message = "Cart of user {UserId}: the checkout claim of order {HeldOrderId} ({HeldStatus}) gives way to order {OrderId}")]
    private static partial void LogClaimSuperseded(ILogger logger, string userId, string heldOrderId, string heldStatus, string orderId);
}
