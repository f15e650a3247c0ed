using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Orders;

namespace EShop.Grains.Tests.Payments;

/// <summary>
/// A charge that reached Stripe while the payment grain lost track of it: its Processing status, kept in memory until
/// the outcome, went with an activation (a silo killed mid-call) and the order gave up meanwhile, so the grain is back
/// at None, abandoned. The chaos run's long profile found such orders Cancelled or Failed with the money kept and no
/// ledger row, because the webhook that announced the charge was ignored. Stripe's webhook now makes the grain take
/// the charge up, record it and give it back.
/// </summary>
[Collection(StripeCluster.Name)]
public sealed class LostChargeTests(StripeClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture.Client);

    [Fact]
    public async Task A_webhook_for_a_charge_the_grain_lost_track_of_after_the_order_gave_up_records_it_and_refunds_it_once()
    {
        var orderId = Ids.NewOrderId();
        var payment = _shop.Payment(orderId);
        var abandoned = await payment.Abandon();
        Assert.Equal((PaymentStatus.None, true), (abandoned.Status, abandoned.Abandoned));

        var charged = new GatewayEvent($"evt_{orderId}", GatewayEventKind.Succeeded, $"pi_{orderId}", null, new Money(1999, "usd"));
        var view = await payment.ApplyGatewayEvent(charged);

        Assert.Equal((PaymentStatus.Refunded, 1, $"pi_{orderId}"), (view.Status, view.Charges, view.PaymentIntentId));
        var refund = Assert.Single(fixture.Stripe.Refunds, r => r.PaymentIntentId == $"pi_{orderId}");
        Assert.Equal($"{orderId}:refund", refund.IdempotencyKey);

        // Stripe delivers at least once: the same event again, or another about the same intent, gives nothing back twice.
        await payment.ApplyGatewayEvent(charged);
        await payment.ApplyGatewayEvent(charged with { EventId = $"evt2_{orderId}" });
        Assert.Single(fixture.Stripe.Refunds, r => r.PaymentIntentId == $"pi_{orderId}");
        Assert.Equal(PaymentStatus.Refunded, (await payment.GetPayment()).Status);
    }

    [Fact]
    public async Task A_webhook_for_a_charge_the_grain_lost_track_of_while_the_order_still_wants_it_settles_the_payment()
    {
        var orderId = Ids.NewOrderId();
        var payment = _shop.Payment(orderId);

        var view = await payment.ApplyGatewayEvent(new GatewayEvent($"evt_{orderId}", GatewayEventKind.Succeeded, $"pi_{orderId}", null, new Money(500, "usd")));

        Assert.Equal((PaymentStatus.Succeeded, 1, false), (view.Status, view.Charges, view.Abandoned));
        Assert.DoesNotContain(fixture.Stripe.Refunds, r => r.PaymentIntentId == $"pi_{orderId}");
    }

    [Fact]
    public async Task A_webhook_that_names_no_amount_for_a_charge_the_grain_never_saw_changes_nothing()
    {
        var orderId = Ids.NewOrderId();
        var payment = _shop.Payment(orderId);

        var view = await payment.ApplyGatewayEvent(new GatewayEvent($"evt_{orderId}", GatewayEventKind.Succeeded, $"pi_{orderId}"));

        Assert.Equal((PaymentStatus.None, 0), (view.Status, view.Charges));
    }
}
