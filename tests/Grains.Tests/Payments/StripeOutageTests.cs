using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Payments;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Orders;
using EShop.Grains.Tests.Users;

namespace EShop.Grains.Tests.Payments;

/// <summary>
/// Checkouts while Stripe is down: the circuit opens, payments wait in Processing, and the saga retries on its tick
/// until the order's reservation deadline (shop time, moved by the test) fails it <c>payment_timeout</c>.
/// </summary>
[Collection(StripeCluster.Name)]
public sealed class StripeOutageTests(StripeClusterFixture fixture) : IDisposable
{
    private static readonly TimeSpan PastTheDeadline = TimeSpan.FromMinutes(16);

    private readonly Shop _shop = new(fixture.Client);

    [Fact]
    public async Task A_circuit_open_past_the_deadline_fails_the_order_payment_timeout_releases_its_stock_and_charges_nothing()
    {
        var sku = await _shop.StockedSku(onHand: 3);
        fixture.Faults.Outage = true;
        var orderId = (await _shop.Checkout(Accounts.NewUserId(), "pm_card_visa", (sku, 2))).Order!.OrderId;
        await CircuitOpenWhilePaying(orderId);
        Assert.Equal(OrderStatus.Pending, (await _shop.Order(orderId).GetOrder())!.Status);
        Assert.Equal(2, (await _shop.Stock(sku).GetStock()).Reserved);

        fixture.Time.Advance(PastTheDeadline);
        var failed = await _shop.Settled(orderId);

        Assert.Equal((OrderStatus.Failed, FailureReasons.PaymentTimeout), (failed.Status, failed.FailureReason));
        var stock = await _shop.Stock(sku).GetStock();
        Assert.Equal((3, 0, 3), (stock.OnHand, stock.Reserved, stock.Available));
        Assert.Equal(0, (await _shop.Payment(orderId).GetPayment()).Charges);
        Assert.Empty(fixture.Stripe.IntentsOf(orderId));
    }

    [Fact]
    public async Task A_circuit_that_closes_before_the_deadline_lets_the_order_confirm_charged_once()
    {
        var sku = await _shop.StockedSku(onHand: 3);
        fixture.Faults.Outage = true;
        var orderId = (await _shop.Checkout(Accounts.NewUserId(), "pm_card_visa", (sku, 1))).Order!.OrderId;
        await CircuitOpenWhilePaying(orderId);
        Assert.Empty(fixture.Stripe.IntentsOf(orderId));

        fixture.Faults.Outage = false;
        var confirmed = await _shop.Settled(orderId);

        Assert.Equal(OrderStatus.Confirmed, confirmed.Status);
        var intent = Assert.Single(fixture.Stripe.IntentsOf(orderId));
        Assert.True(intent.Succeeded);
        Assert.Equal(1, (await _shop.Payment(orderId).GetPayment()).Charges);
        Assert.DoesNotContain(fixture.Stripe.Refunds, r => r.PaymentIntentId == intent.Id);
        var stock = await _shop.Stock(sku).GetStock();
        Assert.Equal((2, 0), (stock.OnHand, stock.Reserved));
    }

    [Fact]
    public async Task A_charge_Stripe_took_but_whose_answer_was_lost_past_the_deadline_is_refunded_when_its_webhook_comes()
    {
        var sku = await _shop.StockedSku(onHand: 3);
        fixture.Stripe.HoldWebhooks = true;
        fixture.Faults.LoseAnswers = true;
        var orderId = (await _shop.Checkout(Accounts.NewUserId(), "pm_card_visa", (sku, 1))).Order!.OrderId;
        await Shop.Eventually(() => Task.FromResult(fixture.Stripe.IntentsOf(orderId).Count == 1), "Stripe took the charge");

        fixture.Time.Advance(PastTheDeadline);
        var failed = await _shop.Settled(orderId);
        Assert.Equal((OrderStatus.Failed, FailureReasons.PaymentTimeout), (failed.Status, failed.FailureReason));
        Assert.Equal(0, (await _shop.Stock(sku).GetStock()).Reserved);

        fixture.Faults.LoseAnswers = false;
        fixture.Stripe.ReleaseWebhooks();
        await Shop.Eventually(async () => (await _shop.Payment(orderId).GetPayment()).Status == PaymentStatus.Refunded, "the late success is refunded");

        var intent = Assert.Single(fixture.Stripe.IntentsOf(orderId));
        Assert.Single(fixture.Stripe.Refunds, r => r.PaymentIntentId == intent.Id);
        Assert.Equal(OrderStatus.Failed, (await _shop.Order(orderId).GetOrder())!.Status);
    }

    /// <summary>The order's payment has been tried and waits, and the circuit is open (maybe since an earlier test).</summary>
    private Task CircuitOpenWhilePaying(string orderId) =>
        Shop.Eventually(
            async () => fixture.Metrics.Circuit == GatewayCircuit.Open && (await _shop.Payment(orderId).GetPayment()).Status == PaymentStatus.Processing,
            "the Stripe circuit is open while the payment waits");

    public void Dispose()
    {
        fixture.Faults.Reset();
        fixture.Stripe.ReleaseWebhooks();
    }
}
