using System.Diagnostics;
using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Orders;
using EShop.Grains.Tests.Users;

namespace EShop.Grains.Tests.Discounts;

[Collection(SharedCluster.Name)]
public sealed class DiscountCheckoutTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture);

    private IGrainFactory Grains => fixture.Client;

    private static string NewCode() => $"T-{Guid.NewGuid():N}"[..20].ToUpperInvariant();

    private async Task<IDiscountGrain> CreateCode(int? percentOff = 10, int? maxRedemptions = null)
    {
        var code = NewCode();
        var discount = Grains.GetGrain<IDiscountGrain>(DiscountRules.GrainKey(code));
        var terms = new DiscountTerms(code, percentOff, null, maxRedemptions, null, null, null);
        Assert.Equal(DiscountCreateStatus.Created, (await discount.Create(terms)).Status);
        return discount;
    }

    /// <summary>An order of one unit priced 1,000 with 10% (100) off, started directly under a fresh id.</summary>
    private async Task<string> StartWithCode(string sku, string code, string paymentMethodId = "pm_card_visa")
    {
        var orderId = Ids.NewOrderId();
        var command = Shop.Command(Accounts.NewUserId(), sku, 1, paymentMethodId) with
        {
            Total = new Money(900, "usd"),
            Discount = new AppliedDiscount(code, new Money(100, "usd")),
        };
        await _shop.Order(orderId).Start(command);
        return orderId;
    }

    [Fact]
    public async Task Two_thousand_concurrent_checkouts_with_a_code_of_one_hundred_redemptions_confirm_exactly_one_hundred()
    {
        var sku = await _shop.StockedSku(onHand: 2100);
        var discount = await CreateCode(maxRedemptions: 100);
        var code = (await discount.GetDiscount())!.Code;
        var clock = Stopwatch.StartNew();

        var orderIds = await Task.WhenAll(Enumerable.Range(0, 2000).Select(_ => StartWithCode(sku, code)));
        var orders = await SettledAll(orderIds);
        clock.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine($"2,000 checkouts settled in {clock.Elapsed.TotalSeconds:F1} s");
        var confirmed = orders.Where(o => o.Status == OrderStatus.Confirmed).ToList();
        Assert.Equal(100, confirmed.Count);
        Assert.All(confirmed, o => Assert.Equal((code, 900L), (o.Discount?.Code, o.Total.Amount)));
        Assert.Equal(1900, orders.Count(o => o.Status == OrderStatus.Failed && o.FailureReason == FailureReasons.DiscountUnavailable));
        var counts = (await discount.GetDiscount())!;
        Assert.Equal((100, 0), (counts.Redeemed, counts.Reserved));
        var stock = await _shop.Stock(sku).GetStock();
        Assert.Equal((2000, 0), (stock.OnHand, stock.Reserved));
    }

    [Fact]
    public async Task A_declined_payment_releases_the_redemption_for_the_next_order()
    {
        var sku = await _shop.StockedSku(onHand: 5);
        var discount = await CreateCode(maxRedemptions: 1);
        var code = (await discount.GetDiscount())!.Code;

        var declined = await _shop.Settled(await StartWithCode(sku, code, "pm_card_chargeDeclined"));
        Assert.Equal((OrderStatus.Failed, FailureReasons.PaymentDeclined), (declined.Status, declined.FailureReason));
        Assert.Equal((0, 0), Counts(await discount.GetDiscount()));

        var next = await _shop.Settled(await StartWithCode(sku, code));

        Assert.Equal(OrderStatus.Confirmed, next.Status);
        Assert.Equal((1, 0), Counts(await discount.GetDiscount()));
    }

    [Fact]
    public async Task An_abandoned_hold_lapses_with_the_reservation_ttl_and_frees_the_code()
    {
        var discount = await CreateCode(maxRedemptions: 1);
        var subtotal = new Money(1000, "usd");
        var ttl = TimeSpan.FromMinutes(15);
        Assert.Equal(RedemptionOutcome.Reserved, await discount.Reserve(Ids.NewOrderId(), subtotal, ttl));
        var late = Ids.NewOrderId();
        Assert.Equal(RedemptionOutcome.Exhausted, await discount.Reserve(late, subtotal, ttl));

        fixture.Time.Advance(ttl);

        Assert.Equal((0, 0), Counts(await discount.GetDiscount()));
        Assert.Equal(RedemptionOutcome.Reserved, await discount.Reserve(late, subtotal, ttl));
    }

    [Fact]
    public async Task A_code_applied_to_the_cart_is_charged_at_checkout_and_a_cancellation_refunds_the_discounted_total()
    {
        var sku = await _shop.StockedSku(onHand: 5);
        var discount = await CreateCode(percentOff: 25);
        var code = (await discount.GetDiscount())!.Code;
        var userId = Accounts.NewUserId();
        var cart = Grains.GetGrain<ICartGrain>(userId);
        await cart.AddItem(sku, 2);
        var applied = await cart.ApplyDiscount(code);
        Assert.Null(applied.Refused);
        Assert.Equal((500L, 1500L), (applied.Cart.Discount!.Amount.Amount, applied.Cart.Total.Amount));

        var result = await _shop.Checkout(userId, "pm_card_visa");
        var order = await _shop.Settled(result.Order!.OrderId);

        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Equal((code, 500L, 1500L), (order.Discount!.Code, order.Discount.Amount.Amount, order.Total.Amount));
        Assert.Null(await cart.GetDiscountCode());
        Assert.Equal(OrderActionStatus.Done, (await _shop.Order(order.OrderId).Cancel()).Status);
        var events = await fixture.Events.WaitFor(order.OrderId, e => e.Any(x => x.Type == EventTypes.PaymentRefunded));
        Assert.Equal(1500, events.Single(e => e.Type == EventTypes.PaymentRefunded).Read<PaymentEventV1>().Amount.Amount);
        // Cancelling a Confirmed order does not give the redemption back.
        Assert.Equal((1, 0), Counts(await discount.GetDiscount()));
    }

    [Fact]
    public async Task A_code_the_cart_cannot_take_is_refused_and_leaves_the_cart_as_it_was()
    {
        var sku = await _shop.StockedSku(onHand: 5);
        var cart = Grains.GetGrain<ICartGrain>(Accounts.NewUserId());
        await cart.AddItem(sku, 1);
        var code = NewCode();
        var terms = new DiscountTerms(code, 10, null, null, null, null, new Money(5000, "usd"));
        await Grains.GetGrain<IDiscountGrain>(DiscountRules.GrainKey(code)).Create(terms);

        var below = await cart.ApplyDiscount(code);
        var unknown = await cart.ApplyDiscount(NewCode());

        Assert.Equal(RedemptionOutcome.BelowMinimum, below.Refused);
        Assert.Equal(RedemptionOutcome.Unknown, unknown.Refused);
        Assert.Null((await cart.GetCart()).Discount);
    }

    private static (int Redeemed, int Reserved) Counts(Discount? discount) => (discount!.Redeemed, discount.Reserved);

    /// <summary>Every order once it has left Pending: one pass over the pending ones every half second, not a poller per order.</summary>
    private async Task<IReadOnlyList<Order>> SettledAll(string[] orderIds)
    {
        var settled = new List<Order>(orderIds.Length);
        var pending = orderIds.ToList();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (pending.Count > 0)
        {
            var orders = await Task.WhenAll(pending.Select(id => _shop.Order(id).GetOrder()));
            settled.AddRange(orders.Where(o => o!.Status != OrderStatus.Pending)!);
            pending = [.. orders.Where(o => o!.Status == OrderStatus.Pending).Select(o => o!.OrderId)];
            Assert.True(DateTime.UtcNow < deadline, $"{pending.Count} orders still Pending after 120 s");
            if (pending.Count > 0)
                await Task.Delay(500);
        }

        return settled;
    }
}
