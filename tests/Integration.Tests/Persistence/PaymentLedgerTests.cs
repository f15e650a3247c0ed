using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Integration.Tests.Persistence;

/// <summary>The payments ledger in PostgreSQL: one row per charge, however often it is recorded.</summary>
[Collection(SharedPostgresCluster.Name)]
public sealed class PaymentLedgerTests(SharedPostgresClusterFixture fixture)
{
    private IPaymentLedger Ledger => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IPaymentLedger>();

    private Task<long> LedgerRows(string orderId) => ShopDatabase.ScalarAsync<long>(
        fixture.ConnectionString, "SELECT count(*) FROM payments_ledger WHERE order_id = $1", orderId);

    [Fact]
    public async Task A_confirmed_checkout_leaves_exactly_one_ledger_row_for_its_order()
    {
        var sku = await fixture.Shop.StockedSkuAsync(onHand: 3, price: 4200);

        var order = await fixture.Shop.ConfirmedOrderAsync(Shopper.NewId("usr"), sku, 2);

        Assert.Equal(1, await LedgerRows(order.OrderId));
        var payment = await fixture.Client.GetGrain<IPaymentGrain>(order.OrderId).GetPayment();
        var charge = Assert.Single(await Ledger.ChargesAsync(order.OrderId, TestContext.Current.CancellationToken));
        Assert.Equal(new LedgerCharge(order.OrderId, payment.PaymentIntentId!, 8400, "usd"), charge);
    }

    [Fact]
    public async Task Cancelling_a_paid_order_records_the_refund_on_its_one_ledger_row()
    {
        var sku = await fixture.Shop.StockedSkuAsync(onHand: 2);
        var order = await fixture.Shop.ConfirmedOrderAsync(Shopper.NewId("usr"), sku, 1);

        Assert.Equal(OrderActionStatus.Done, (await fixture.Client.GetGrain<IOrderGrain>(order.OrderId).Cancel()).Status);

        var payment = fixture.Client.GetGrain<IPaymentGrain>(order.OrderId);
        await Eventually.Until(() => payment.GetPayment(), p => p.Status == PaymentStatus.Refunded, TimeSpan.FromSeconds(30), "the payment is refunded");
        Assert.Equal(1, await LedgerRows(order.OrderId));
        var refunded = await ShopDatabase.ScalarAsync<long>(
            fixture.ConnectionString,
            "SELECT count(*) FROM payments_ledger WHERE order_id = $1 AND refund_id LIKE 're_%' AND refunded_at IS NOT NULL",
            order.OrderId);
        Assert.Equal(1, refunded);
    }

    [Fact]
    public async Task Recording_the_same_charge_again_and_at_once_leaves_one_row()
    {
        Assert.Equal("PostgresPaymentLedger", Ledger.GetType().Name);
        var orderId = Shopper.NewId("ord");
        var charge = new LedgerCharge(orderId, $"pi_{Guid.NewGuid():N}", 1999, "usd");
        var token = TestContext.Current.CancellationToken;

        await Ledger.RecordChargeAsync(charge, token);
        await Ledger.RecordChargeAsync(charge, token);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Ledger.RecordChargeAsync(charge, token)));

        Assert.Equal(1, await LedgerRows(orderId));
        Assert.Equal([charge], await Ledger.ChargesAsync(orderId, token));
    }
}
