using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Carts;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Carts;

/// <summary>One checkout per cart at a time, and never a cart blocked for good.</summary>
public sealed class CheckoutClaimTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly CheckoutClaim Held = new("ord_first", Now);

    private static ClaimDecision Decide(CheckoutClaim? held, string? heldStatus, bool empty = false, TimeSpan? later = null) =>
        CheckoutClaims.Decide(held, "ord_second", heldStatus, empty, Now + (later ?? TimeSpan.FromSeconds(1)), StartTimeout);

    [Fact]
    public void A_cart_nobody_checks_out_is_claimed_for_the_order_from_now()
    {
        var decision = CheckoutClaims.Decide(null, "ord_first", null, cartIsEmpty: false, Now, StartTimeout);
        Assert.Equal((CheckoutClaimStatus.Claimed, new CheckoutClaim("ord_first", Now)), (decision.Status, decision.Claim));
    }

    [Fact]
    public void While_the_claimed_order_is_pending_another_checkout_is_told_which_order_even_for_an_empty_cart()
    {
        Assert.Equal((CheckoutClaimStatus.Busy, Held), (Decide(Held, OrderStatus.Pending).Status, Decide(Held, OrderStatus.Pending).Claim));
        Assert.Equal(CheckoutClaimStatus.Busy, Decide(Held, OrderStatus.Pending, empty: true).Status);
        Assert.Equal(CheckoutClaimStatus.Busy, Decide(Held, OrderStatus.Pending, later: TimeSpan.FromDays(1)).Status);
    }

    [Theory]
    [InlineData(OrderStatus.Confirmed)]
    [InlineData(OrderStatus.Failed)]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Delivered)]
    public void Once_the_claimed_order_has_left_pending_the_next_checkout_takes_the_cart(string status)
    {
        var decision = Decide(Held, status);
        Assert.Equal((CheckoutClaimStatus.Claimed, "ord_second"), (decision.Status, decision.Claim?.OrderId));
    }

    [Fact]
    public void A_claimed_order_that_has_not_started_blocks_until_the_start_timeout_and_no_longer()
    {
        Assert.Equal(CheckoutClaimStatus.Busy, Decide(Held, null, later: StartTimeout - TimeSpan.FromTicks(1)).Status);
        Assert.Equal(CheckoutClaimStatus.Claimed, Decide(Held, null, later: StartTimeout).Status);
    }

    [Fact]
    public void Claiming_again_for_the_same_order_keeps_the_claim_as_it_was()
    {
        var decision = CheckoutClaims.Decide(Held, Held.OrderId, null, cartIsEmpty: false, Now + StartTimeout * 10, StartTimeout);

        Assert.Equal(CheckoutClaimStatus.Claimed, decision.Status);
        Assert.Same(Held, decision.Claim);
        Assert.False(CheckoutClaims.NeedsHeldStatus(Held, Held.OrderId));
        Assert.True(CheckoutClaims.NeedsHeldStatus(Held, "ord_second"));
    }

    [Fact]
    public void An_empty_cart_takes_no_claim_and_ends_its_own()
    {
        Assert.Equal((CheckoutClaimStatus.Empty, (CheckoutClaim?)null), (Decide(null, null, empty: true).Status, Decide(null, null, empty: true).Claim));
        Assert.Same(Held, Decide(Held, OrderStatus.Failed, empty: true).Claim);
        Assert.Null(CheckoutClaims.Decide(Held, Held.OrderId, null, cartIsEmpty: true, Now, StartTimeout).Claim);
    }

    [Fact]
    public void Releasing_ends_only_the_orders_own_claim()
    {
        Assert.Null(CheckoutClaims.Release(Held, Held.OrderId));
        Assert.Same(Held, CheckoutClaims.Release(Held, "ord_other"));
        Assert.Null(CheckoutClaims.Release(null, Held.OrderId));
    }
}
