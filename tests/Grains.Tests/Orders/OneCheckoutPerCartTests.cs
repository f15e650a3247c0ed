using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Carts;
using EShop.Grains.Orders;
using EShop.Grains.Tests.Carts;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Users;

namespace EShop.Grains.Tests.Orders;

/// <summary>Checkouts of one cart with different Idempotency-Keys: one order at a time, and no cart blocked for good.</summary>
[Collection(SharedCluster.Name)]
public sealed class OneCheckoutPerCartTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture);
    private readonly string _userId = Accounts.NewUserId();

    private ICartGrain Cart => fixture.Client.GetGrain<ICartGrain>(_userId);

    private string NewRequestKey() => $"{_userId}/{Guid.NewGuid():N}";

    private Task<CheckoutResult> Submit(string requestKey) =>
        fixture.Client.GetGrain<ICheckoutRequestGrain>(requestKey).Submit(new CheckoutSubmission(_userId, "fp-visa", Shop.Home, "pm_card_visa"));

    [Fact]
    public async Task Twenty_parallel_checkouts_with_different_keys_place_one_order_and_the_others_name_it()
    {
        var sku = await _shop.StockedSku(onHand: 10);
        Assert.Equal(CartChangeStatus.Changed, (await Cart.AddItem(sku, 1)).Status);
        var keys = Enumerable.Range(0, 20).Select(_ => NewRequestKey()).ToList();
        // The winner is held right after reserving, so it is still Pending when the last checkout reaches the cart.
        var holds = keys.Select(key => fixture.Pauses.AfterCall(_shop.Order(CheckoutRequestGrain.OrderIdFor(key)).GetGrainId(), nameof(IInventoryGrain.Reserve))).ToList();

        var results = await Task.WhenAll(keys.Select(Submit));

        var placed = Assert.Single(results, r => r.Status == CheckoutStatus.Accepted).Order!;
        Assert.All(results.Where(r => r.Status != CheckoutStatus.Accepted), r => Assert.Equal((CheckoutStatus.CartBusy, placed.OrderId), (r.Status, r.PendingOrderId)));
        Assert.Equal(new CheckoutClaim(placed.OrderId, fixture.Time.GetUtcNow()), await fixture.StoredCheckout(Cart));
        holds.ForEach(hold => hold.Release());

        Assert.Equal(OrderStatus.Confirmed, (await _shop.Settled(placed.OrderId)).Status);
        Assert.Equal(1, (await _shop.Payment(placed.OrderId).GetPayment()).Charges);
        var listed = await fixture.Client.GetGrain<IUserOrdersGrain>(_userId).Page(1, 20);
        Assert.Equal([placed.OrderId], listed.OrderIds);
        Assert.Equal(1, listed.Total);
        Assert.Equal(9, (await _shop.Stock(sku).GetStock()).OnHand);
        // Confirmation took the lines out of the cart and ended the claim in the same write.
        Assert.Empty(await Cart.GetLines());
        Assert.Null(await fixture.StoredCheckout(Cart));
    }

    [Fact]
    public async Task A_claim_whose_order_never_started_blocks_other_checkouts_only_until_the_start_timeout()
    {
        var sku = await _shop.StockedSku(onHand: 10);
        await Cart.AddItem(sku, 2);
        // As if a checkout claimed the cart and its silo died before the order was written.
        var ghost = $"ord_{Guid.NewGuid():N}";
        Assert.Equal(CheckoutClaimStatus.Claimed, (await Cart.ClaimCheckout(ghost)).Status);

        var refused = await Submit(NewRequestKey());
        fixture.Time.Advance(new CartOptions().CheckoutStartTimeout);
        var accepted = await Submit(NewRequestKey());

        Assert.Equal((CheckoutStatus.CartBusy, ghost), (refused.Status, refused.PendingOrderId));
        Assert.Equal(CheckoutStatus.Accepted, accepted.Status);
        Assert.Equal(OrderStatus.Confirmed, (await _shop.Settled(accepted.Order!.OrderId)).Status);
        Assert.Null(await _shop.Order(ghost).GetOrder());
    }

    [Fact]
    public async Task A_retry_of_the_same_key_after_a_crash_between_claim_and_order_finds_the_cart_claimed_by_itself()
    {
        var sku = await _shop.StockedSku(onHand: 10);
        await Cart.AddItem(sku, 1);
        var (key, stranger) = (NewRequestKey(), NewRequestKey());
        var orderId = CheckoutRequestGrain.OrderIdFor(key);
        // The claim was written under the key's orderId; the checkout request itself never was.
        Assert.Equal(CheckoutClaimStatus.Claimed, (await Cart.ClaimCheckout(orderId)).Status);
        var hold = fixture.Pauses.AfterCall(_shop.Order(orderId).GetGrainId(), nameof(IInventoryGrain.Reserve));

        var retried = await Submit(key);
        var refused = await Submit(stranger);
        hold.Release();

        Assert.Equal((CheckoutStatus.Accepted, orderId), (retried.Status, retried.Order?.OrderId));
        Assert.Equal((CheckoutStatus.CartBusy, orderId), (refused.Status, refused.PendingOrderId));
        Assert.Equal(OrderStatus.Confirmed, (await _shop.Settled(orderId)).Status);
    }
}
