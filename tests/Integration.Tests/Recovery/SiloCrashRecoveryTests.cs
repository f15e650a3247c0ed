using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Integration.Tests.Infrastructure;

namespace EShop.Integration.Tests.Recovery;

/// <summary>
/// A silo dies in the middle of a checkout, ungracefully, on PostgreSQL: the order resumes on the other silo from
/// what was written, and completes exactly once (one charge in the ledger, the stock taken once, the cart updated).
/// Each order's grains are pinned to the silo that is killed, so every test meets the same crash.
/// </summary>
[Collection(RecoveryCollection.Name)]
public sealed class SiloCrashRecoveryTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Reached = TimeSpan.FromSeconds(30);

    [Theory(Timeout = 240_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_order_whose_silo_is_killed_while_its_charge_is_held_at_the_gateway_confirms_once_on_the_survivor(bool paymentOnSurvivor)
    {
        await using var cluster = await TwoSiloCluster.StartAsync(await postgres.NewDatabaseAsync());
        var (doomed, survivor) = (cluster.Silos[1], cluster.Silos[0]);
        var purchase = await Purchase.ArrangeAsync(cluster, doomed);
        if (paymentOnSurvivor)
        {
            using (Placement.Pin(survivor))
                await purchase.Payment.GetPayment();
        }

        var held = cluster.Gateway.HoldChargesOf(purchase.OrderId);
        await purchase.StartAsync(doomed);
        var charging = await held.Entered.WaitAsync(Reached, TestContext.Current.CancellationToken);

        Assert.Equal((doomed, doomed), (cluster.HostOf(purchase.Order), cluster.HostOf(purchase.Stock)));
        Assert.Equal(paymentOnSurvivor ? survivor : doomed, charging);
        Assert.Equal(OrderStatus.Pending, (await purchase.Order.GetOrder())!.Status);
        Assert.Equal(Purchase.Quantity, (await purchase.Stock.GetStock()).Reserved);
        Assert.Equal(0, await cluster.LedgerChargesAsync(purchase.OrderId));

        await cluster.KillAsync(doomed);
        held.Release();

        await purchase.AssertConfirmedExactlyOnceAsync(survivor);
        // Killed with its silo, the charge was asked again from the survivor, under the same idempotency key.
        SiloAddress?[] askedFrom = paymentOnSurvivor ? [survivor] : [doomed, survivor];
        Assert.Equal(askedFrom, held.Callers.Distinct());
    }

    [Fact(Timeout = 120_000)]
    public async Task An_order_whose_silo_is_killed_after_the_payment_and_before_the_stock_commit_confirms_once_on_the_survivor()
    {
        await using var cluster = await TwoSiloCluster.StartAsync(await postgres.NewDatabaseAsync());
        var (doomed, survivor) = (cluster.Silos[1], cluster.Silos[0]);
        var purchase = await Purchase.ArrangeAsync(cluster, doomed);

        var held = cluster.Calls.Hold<IInventoryGrain>(nameof(IInventoryGrain.Commit), purchase.OrderId);
        await purchase.StartAsync(doomed);
        var committing = await held.Entered.WaitAsync(Reached, TestContext.Current.CancellationToken);

        Assert.Equal((doomed, doomed, doomed), (committing, cluster.HostOf(purchase.Order), cluster.HostOf(purchase.Stock)));
        Assert.Equal(OrderStatus.Pending, (await purchase.Order.GetOrder())!.Status);
        Assert.Equal(PaymentStatus.Succeeded, (await purchase.Payment.GetPayment()).Status);
        Assert.Equal(1, await cluster.LedgerChargesAsync(purchase.OrderId));
        var stock = await purchase.Stock.GetStock();
        Assert.Equal((Purchase.StartingStock, Purchase.Quantity), (stock.OnHand, stock.Reserved));

        await cluster.KillAsync(doomed);
        held.Release();

        await purchase.AssertConfirmedExactlyOnceAsync(survivor);
        Assert.Equal([doomed, survivor], held.Callers.Distinct());
    }

    [Fact(Timeout = 120_000)]
    public async Task An_order_whose_silo_is_killed_right_after_the_order_was_written_is_listed_for_its_customer_and_confirms_once_when_checkout_is_retried()
    {
        await using var cluster = await TwoSiloCluster.StartAsync(await postgres.NewDatabaseAsync());
        var (doomed, survivor) = (cluster.Silos[1], cluster.Silos[0]);
        var arranged = await Purchase.ArrangeAsync(cluster, doomed);
        var checkout = arranged.Checkout($"{Guid.NewGuid()}");

        // The order's first write is done (marked pending); listing it for the customer comes next.
        var held = cluster.Calls.Hold<IUserOrdersGrain>(nameof(IUserOrdersGrain.Add), arranged.UserId);
        Task<CheckoutResult> submitted;
        using (Placement.Pin(doomed))
            submitted = checkout.Submit(arranged.Submission);
        Assert.Equal(doomed, await held.Entered.WaitAsync(Reached, TestContext.Current.CancellationToken));
        await cluster.KillAsync(doomed);
        held.Release();
        Assert.NotNull(await Record.ExceptionAsync(() => submitted.WaitAsync(Poll.FailoverDeadline, TestContext.Current.CancellationToken)));

        // The client saw an error and retries with the same Idempotency-Key, as POST /api/orders allows.
        var retried = await Poll.Until(
            () => checkout.Submit(arranged.Submission),
            r => r.Status == CheckoutStatus.Replayed,
            "the retried checkout answers the order written before the crash",
            Poll.FailoverDeadline,
            () => $"--- silo log ---\n{cluster.Log}");
        var purchase = arranged.WithOrder(retried.Order!.OrderId);

        await purchase.AssertConfirmedExactlyOnceAsync(survivor);
        Assert.True(
            (await cluster.Client.GetGrain<IUserOrdersGrain>(purchase.UserId).Page(1, 100)).OrderIds.Contains(purchase.OrderId),
            $"Order {purchase.OrderId} is Confirmed and charged, but its customer's order list (GET /api/orders) does not " +
            "hold it: OrderGrain.Start calls IUserOrdersGrain.Add only on the call that first writes the order; a replayed " +
            "Start skips it.");
    }

    [Fact(Timeout = 120_000)]
    public async Task An_order_whose_silo_is_killed_right_after_the_order_was_written_still_retries_a_failed_charge_on_its_ticks()
    {
        await using var cluster = await TwoSiloCluster.StartAsync(await postgres.NewDatabaseAsync());
        var (doomed, survivor) = (cluster.Silos[1], cluster.Silos[0]);
        var purchase = await Purchase.ArrangeAsync(cluster, doomed);

        var held = cluster.Calls.Hold<IUserOrdersGrain>(nameof(IUserOrdersGrain.Add), purchase.UserId);
        var started = purchase.StartAsync(doomed);
        Assert.Equal(doomed, await held.Entered.WaitAsync(Reached, TestContext.Current.CancellationToken));
        await cluster.KillAsync(doomed);
        cluster.Gateway.FailNextChargeOf(purchase.OrderId);
        held.Release();
        Assert.NotNull(await Record.ExceptionAsync(() => started.WaitAsync(Poll.FailoverDeadline, TestContext.Current.CancellationToken)));

        // The caller retries with the same order, as a replayed checkout request does.
        await Poll.Until(
            async () => await purchase.Order.Start(purchase.Placed),
            o => o.OrderId == purchase.OrderId,
            "the retried Start answers the order written before the crash",
            Poll.FailoverDeadline,
            () => $"--- silo log ---\n{cluster.Log}");

        // The first charge after the crash fails like a network error; the saga's next tick (every second) retries it.
        var order = await Poll.Until(
            () => purchase.Order.GetOrder(),
            o => o is not null && o.Status != OrderStatus.Pending,
            "the order leaves Pending",
            TimeSpan.FromSeconds(30),
            () => $"Order {purchase.OrderId} stays Pending after a failed charge: nothing wakes it. Its stored state should be " +
                  $"marked pending, and the silos' recovery loop should wake it every tick.\n--- silo log ---\n{cluster.Log}");
        Assert.Equal(OrderStatus.Confirmed, order!.Status);
        await purchase.AssertConfirmedExactlyOnceAsync(survivor);
    }
}
