using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Orders;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Users;

namespace EShop.Grains.Tests.Orders;

[Collection(SharedCluster.Name)]
public sealed class CheckoutGrainTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture);

    [Fact]
    public async Task Two_hundred_concurrent_buyers_of_fifty_units_confirm_exactly_fifty()
    {
        var sku = await _shop.StockedSku(onHand: 50);
        var buyers = Enumerable.Range(0, 200).Select(_ => Accounts.NewUserId()).ToList();

        var results = await Task.WhenAll(buyers.Select(userId => _shop.Checkout(userId, "pm_card_visa", (sku, 1))));
        var orders = await Task.WhenAll(results.Select(r => _shop.Settled(r.Order!.OrderId)));

        Assert.All(results, r => Assert.Equal(CheckoutStatus.Accepted, r.Status));
        Assert.Equal(50, orders.Count(o => o.Status == OrderStatus.Confirmed));
        Assert.Equal(150, orders.Count(o => o.Status == OrderStatus.Failed && o.FailureReason == FailureReasons.OutOfStock));
        var stock = await _shop.Stock(sku).GetStock();
        Assert.Equal((0, 0, 0), (stock.OnHand, stock.Reserved, stock.Available));
        var payments = await Task.WhenAll(orders.Select(o => _shop.Payment(o.OrderId).GetPayment()));
        Assert.Equal(50, payments.Sum(p => p.Charges));
    }

    [Fact]
    public async Task A_payment_stuck_past_the_reservations_fails_the_order_releases_stock_and_refunds_the_late_success()
    {
        var sku = await _shop.StockedSku(onHand: 5);
        var gateway = fixture.Gateway;
        var refundsBefore = gateway.Inner.Refunds;

        var result = await _shop.Checkout(Accounts.NewUserId(), HoldingGateway.HeldMethod, (sku, 2));
        var orderId = result.Order!.OrderId;
        await gateway.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, (await _shop.Stock(sku).GetStock()).Reserved);

        fixture.Time.Advance(TimeSpan.FromMinutes(16));
        var failed = await _shop.Settled(orderId);

        Assert.Equal((OrderStatus.Failed, FailureReasons.PaymentTimeout), (failed.Status, failed.FailureReason));
        var stock = await _shop.Stock(sku).GetStock();
        Assert.Equal((5, 0), (stock.OnHand, stock.Reserved));

        gateway.Release();
        await Shop.Eventually(async () => (await _shop.Payment(orderId).GetPayment()).Status == PaymentStatus.Refunded, "the late success is refunded");
        Assert.Equal(refundsBefore + 1, gateway.Inner.Refunds);
        Assert.Equal(OrderStatus.Failed, (await _shop.Order(orderId).GetOrder())!.Status);
    }

    [Theory]
    [InlineData(SagaStep.Started)]
    [InlineData(SagaStep.InventoryReserved)]
    [InlineData(SagaStep.PaymentProcessing)]
    [InlineData(SagaStep.Committing)]
    [InlineData(SagaStep.Completed)]
    public async Task A_crash_right_after_any_step_resumes_from_the_last_written_one_and_completes_once(SagaStep step)
    {
        var sku = await _shop.StockedSku(onHand: 10);
        var (userId, orderId) = (Accounts.NewUserId(), $"ord_{Guid.NewGuid():N}");
        await fixture.Client.GetGrain<ICartGrain>(userId).AddItem(sku, 3);
        fixture.Faults.Arm(orderId, step);

        try
        {
            await _shop.Order(orderId).Start(Shop.Command(userId, sku, 3));
        }
        catch (SimulatedCrashException) when (step == SagaStep.Started)
        {
            // The crash kills Start itself; the caller's retry (or the next activation) resumes the saga.
        }

        var order = await _shop.Settled(orderId, o => o.Status != OrderStatus.Pending && o.Items.Count > 0);
        await Shop.Eventually(async () => (await fixture.Client.GetGrain<ICartGrain>(userId).GetLines()).Count == 0, "the cart is updated");

        // GetOrder interleaves: it can show Completed while that step's write, after which the fault fires, is
        // still running.
        await Shop.Eventually(() => Task.FromResult(fixture.Faults.Fired.Contains((orderId, step))), $"the crash after {step} fired");
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Equal(1, (await _shop.Payment(orderId).GetPayment()).Charges);
        var stock = await _shop.Stock(sku).GetStock();
        Assert.Equal((7, 0), (stock.OnHand, stock.Reserved));
        Assert.Equal([OrderStatus.Pending, OrderStatus.Confirmed], order.History.Select(h => h.Status));
    }

    [Fact]
    public async Task An_order_resumed_after_its_stock_was_committed_completes_without_taking_the_stock_twice()
    {
        // As after a crash between the commit and the write of Completed: the skus already hold the sale.
        var sku = await _shop.StockedSku(onHand: 6);
        var (userId, orderId) = (Accounts.NewUserId(), $"ord_{Guid.NewGuid():N}");
        Assert.Equal(ReservationOutcome.Reserved, await _shop.Stock(sku).Reserve(orderId, 2, TimeSpan.FromMinutes(15)));
        Assert.Equal(ReservationOutcome.Committed, await _shop.Stock(sku).Commit(orderId));

        await _shop.Order(orderId).Start(Shop.Command(userId, sku, 2));
        var order = await _shop.Settled(orderId);

        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Equal((4, 0), ((await _shop.Stock(sku).GetStock()).OnHand, (await _shop.Stock(sku).GetStock()).Reserved));
        Assert.Equal(1, (await _shop.Payment(orderId).GetPayment()).Charges);
    }

    [Fact]
    public async Task A_declined_card_fails_the_order_releases_stock_and_charges_nothing()
    {
        var sku = await _shop.StockedSku(onHand: 4);

        var result = await _shop.Checkout(Accounts.NewUserId(), "pm_card_chargeDeclinedInsufficientFunds", (sku, 4));
        var order = await _shop.Settled(result.Order!.OrderId);

        Assert.Equal((OrderStatus.Failed, FailureReasons.PaymentDeclined), (order.Status, order.FailureReason));
        var payment = await _shop.Payment(order.OrderId).GetPayment();
        Assert.Equal((PaymentStatus.Declined, "insufficient_funds", 0), (payment.Status, payment.DeclineCode, payment.Charges));
        Assert.Equal(4, (await _shop.Stock(sku).GetStock()).Available);
    }
}
