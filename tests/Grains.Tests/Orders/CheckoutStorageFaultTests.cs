using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Inventory;
using EShop.Grains.Orders;
using EShop.Grains.Payments;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace EShop.Grains.Tests.Orders;

/// <summary>
/// Storage errors (as "too many clients" from a stock PostgreSQL) injected into the payment, ledger, inventory
/// and order writes of one checkout: the order still settles on a later saga tick, is charged at most once, and
/// the stock that storage holds adds up. No test advances the shop clock, so none settles by the 15-minute TTL.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class CheckoutStorageFaultTests(ClusterFixture fixture)
{
    private const int OnHand = 5;
    private const int Quantity = 2;

    private readonly Shop _shop = new(fixture);

    [Fact]
    public async Task A_payment_whose_successful_charge_failed_to_be_written_is_retried_and_the_order_confirms_charged_once()
    {
        var (sku, userId, orderId) = await Arranged();
        fixture.StorageFaults.FailWrite("payment", orderId);

        await _shop.Order(orderId).Start(Shop.Command(userId, sku, Quantity));
        var order = await _shop.Settled(orderId);

        Assert.True(fixture.StorageFaults.HasFired("payment", orderId));
        await AssertConfirmedAndChargedOnce(order, sku);
    }

    [Fact]
    public async Task A_payment_whose_decline_failed_to_be_written_is_retried_and_the_order_fails_with_its_stock_released()
    {
        var (sku, userId, orderId) = await Arranged();
        fixture.StorageFaults.FailWrite("payment", orderId);

        await _shop.Order(orderId).Start(Shop.Command(userId, sku, Quantity, "pm_card_chargeDeclined"));
        var order = await _shop.Settled(orderId);

        Assert.True(fixture.StorageFaults.HasFired("payment", orderId));
        Assert.Equal((OrderStatus.Failed, FailureReasons.PaymentDeclined), (order.Status, order.FailureReason));
        Assert.Equal(0, (await _shop.Payment(orderId).GetPayment()).Charges);
        Assert.Equal(0, fixture.Gateway.ChargesTaken(orderId));
        await AssertStock(sku, onHand: OnHand);
    }

    [Fact]
    public async Task A_ledger_that_fails_to_record_the_charge_once_leaves_the_order_to_confirm_charged_once()
    {
        var (sku, userId, orderId) = await Arranged();
        fixture.Ledger.FailNextChargeOf(orderId);

        await _shop.Order(orderId).Start(Shop.Command(userId, sku, Quantity));
        var order = await _shop.Settled(orderId);

        Assert.False(fixture.Ledger.IsArmedFor(orderId));
        await AssertConfirmedAndChargedOnce(order, sku);
    }

    [Theory]
    [InlineData(1)] // the reservation
    [InlineData(2)] // the commit
    public async Task An_inventory_write_that_fails_once_still_confirms_the_order_with_the_stored_stock_conserved(int nthWrite)
    {
        var (sku, userId, orderId) = await Arranged();
        fixture.StorageFaults.FailWrite("inventory", sku, nthWrite);

        await _shop.Order(orderId).Start(Shop.Command(userId, sku, Quantity));
        var order = await _shop.Settled(orderId);

        Assert.True(fixture.StorageFaults.HasFired("inventory", sku));
        await AssertConfirmedAndChargedOnce(order, sku);
    }

    [Theory]
    [InlineData(2)] // a saga step before the payment
    [InlineData(3)] // a saga step after it
    public async Task An_order_write_that_fails_once_after_the_start_still_confirms_the_order_charged_once(int nthWrite)
    {
        var (sku, userId, orderId) = await Arranged();
        fixture.StorageFaults.FailWrite("order", orderId, nthWrite);

        await _shop.Order(orderId).Start(Shop.Command(userId, sku, Quantity));
        var order = await _shop.Settled(orderId, o => o.Status != OrderStatus.Pending && fixture.StorageFaults.HasFired("order", orderId));

        await AssertConfirmedAndChargedOnce(order, sku);
    }

    [Fact]
    public async Task An_abandon_lost_to_a_failed_payment_write_is_sent_again_by_the_recovery_loop_and_the_charge_is_refunded()
    {
        var (sku, userId, orderId) = await Arranged();
        await _shop.Order(orderId).Start(Shop.Command(userId, sku, Quantity));
        await AssertConfirmedAndChargedOnce(await _shop.Settled(orderId), sku);
        // Nothing left for the payment to write (its events went out), so the next write it makes is the abandon's.
        await Shop.Eventually(async () => await StoredPayment(orderId) is { Outbox.Count: 0 }, "the payment's outbox is empty in storage");

        // That write fails: the order's one-way abandon is lost, and with it, before, the refund.
        fixture.StorageFaults.FailWrite("payment", orderId);
        var cancelled = await _shop.Order(orderId).Cancel();
        Assert.Equal(OrderStatus.Cancelled, cancelled.Order!.Status);
        await Shop.Eventually(() => Task.FromResult(fixture.StorageFaults.HasFired("payment", orderId)), "the abandon's write failed");

        // The cancelled order stays marked pending: the silo's recovery loop (a 1 s tick here) wakes it, it finds the
        // payment not abandoned and tells it again, the money goes back, and a later wake clears the mark.
        await Shop.Eventually(async () => (await _shop.Payment(orderId).GetPayment()).Status == PaymentStatus.Refunded, "the charge is refunded");
        await Shop.Eventually(async () => !(await fixture.StoredOrderAsync(orderId)).HasPendingWork, "the order's pending mark is cleared");
        var payment = await _shop.Payment(orderId).GetPayment();
        Assert.Equal((PaymentStatus.Refunded, true, 1), (payment.Status, payment.Abandoned, payment.Charges));
        Assert.Equal(1, fixture.Gateway.ChargesTaken(orderId));
        Assert.Equal(OrderStatus.Cancelled, (await _shop.Order(orderId).GetOrder())!.Status);
    }

    [Fact]
    public async Task A_declined_order_loses_its_pending_mark_once_its_payment_shows_it_abandoned()
    {
        var (sku, userId, orderId) = await Arranged();
        await _shop.Order(orderId).Start(Shop.Command(userId, sku, Quantity, "pm_card_chargeDeclined"));
        Assert.Equal(OrderStatus.Failed, (await _shop.Settled(orderId)).Status);

        // Without the confirmation, the recovery loop would wake every failed order on every tick for ever.
        await Shop.Eventually(async () => !(await fixture.StoredOrderAsync(orderId)).HasPendingWork, "the order's pending mark is cleared");
        var payment = await _shop.Payment(orderId).GetPayment();
        Assert.Equal((PaymentStatus.Declined, true), (payment.Status, payment.Abandoned));
    }

    [Fact]
    public async Task An_order_refused_its_stock_never_asked_for_a_payment_and_is_written_failed_without_a_pending_mark()
    {
        var (sku, userId, orderId) = await Arranged();

        await _shop.Order(orderId).Start(Shop.Command(userId, sku, OnHand + 1));
        var order = await _shop.Settled(orderId);

        Assert.Equal((OrderStatus.Failed, FailureReasons.OutOfStock), (order.Status, order.FailureReason));
        var stored = await fixture.StoredOrderAsync(orderId);
        Assert.Equal((SagaStep.Failed, false), (stored.Saga.Step, stored.HasPendingWork));
    }

    private async Task<(string Sku, string UserId, string OrderId)> Arranged()
    {
        var sku = await _shop.StockedSku(onHand: OnHand);
        var (userId, orderId) = (Accounts.NewUserId(), $"ord_{Guid.NewGuid():N}");
        await fixture.Client.GetGrain<ICartGrain>(userId).AddItem(sku, Quantity);
        return (sku, userId, orderId);
    }

    private async Task AssertConfirmedAndChargedOnce(Order order, string sku)
    {
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        var payment = await _shop.Payment(order.OrderId).GetPayment();
        Assert.Equal((PaymentStatus.Succeeded, 1), (payment.Status, payment.Charges));
        Assert.Equal(1, fixture.Gateway.ChargesTaken(order.OrderId));
        Assert.Single(await fixture.Ledger.ChargesAsync(order.OrderId));
        await Shop.Eventually(async () => await StoredPayment(order.OrderId) is { Status: PaymentStatus.Succeeded, Charges: 1 }, "storage holds the payment succeeded, charged once");
        await AssertStock(sku, onHand: OnHand - Quantity);
    }

    private async Task<PaymentState> StoredPayment(string orderId)
    {
        var storage = fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Payments);
        var stored = new GrainState<PaymentState>(new PaymentState());
        await storage.ReadStateAsync("payment", _shop.Payment(orderId).GetGrainId(), stored);
        return stored.State!;
    }

    /// <summary>The sku holds <paramref name="onHand"/> and reserves nothing, in its activation and in storage.</summary>
    private async Task AssertStock(string sku, int onHand)
    {
        // The commit is the saga's last call to the sku; the order may show its outcome a moment before it is written.
        var stored = await StoredStock(sku);
        await Shop.Eventually(async () => (stored = await StoredStock(sku)) == (onHand, 0), $"storage holds {onHand} units of {sku}, none reserved");
        var live = await _shop.Stock(sku).GetStock();
        Assert.Equal((onHand, 0), (live.OnHand, live.Reserved));
        Assert.Equal((onHand, 0), stored);
    }

    private async Task<(int OnHand, int Reserved)> StoredStock(string sku)
    {
        var view = (await fixture.StoredStockAsync(sku)).ToView(sku, fixture.Time.GetUtcNow());
        return (view.OnHand, view.Reserved);
    }
}
