using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Orders;
using EShop.Grains.Tests.Users;

namespace EShop.Grains.Tests.Payments;

/// <summary>
/// Forty checkouts while 30% of the attempts to reach Stripe fail (503s, hangs, slow answers that are often lost
/// after Stripe acted), and halfway through shop time passes every reservation deadline. The invariants at the end:
/// every order settles, Stripe holds at most one PaymentIntent per order, every Confirmed order paid once and kept
/// it, every charge of a Failed order is refunded, and no stock stays reserved.
/// </summary>
[Collection(StripeCluster.Name)]
public sealed class StripeFaultInjectionTests(StripeClusterFixture fixture) : IDisposable
{
    private const int Orders = 40;

    private readonly Shop _shop = new(fixture.Client);

    [Fact]
    public async Task Under_thirty_percent_faults_every_order_settles_charged_at_most_once_and_no_stock_is_stranded()
    {
        var skus = new[] { await _shop.StockedSku(onHand: Orders), await _shop.StockedSku(onHand: Orders) };
        fixture.Faults.Rate = 0.3;

        // Every fifth buyer's card is declined: Stripe keeps a failed intent for it, and its order fails.
        var checkouts = await Task.WhenAll(Enumerable.Range(0, Orders).Select(i =>
            _shop.Checkout(Accounts.NewUserId(), i % 5 == 0 ? "pm_card_chargeDeclined" : "pm_card_visa", (skus[i % 2], 1 + (i % 3)))));
        var orderIds = checkouts.Select(c => c.Order!.OrderId).ToList();
        await Shop.Eventually(async () => await Finished(orderIds) >= Orders / 2, "half of the orders settled");
        fixture.Time.Advance(TimeSpan.FromMinutes(16));
        var orders = await Task.WhenAll(orderIds.Select(id => _shop.Settled(id)));

        Assert.True(fixture.Faults.Injected > 0);
        Assert.All(orders, o => Assert.True(
            o.Status == OrderStatus.Confirmed || (o.Status == OrderStatus.Failed && o.FailureReason is not null), $"{o.OrderId} is {o.Status}"));
        Assert.All(orderIds, id => Assert.True(fixture.Stripe.IntentsOf(id).Count <= 1, $"{id} has {fixture.Stripe.IntentsOf(id).Count} PaymentIntents"));
        foreach (var order in orders.Where(o => o.Status == OrderStatus.Confirmed))
        {
            Assert.True(Assert.Single(fixture.Stripe.IntentsOf(order.OrderId)).Succeeded);
            Assert.Equal((PaymentStatus.Succeeded, 1), await Paid(order.OrderId));
        }

        // A Failed order's charge (a success that came too late, or a commit refused after payment) is given back.
        await Shop.Eventually(() => Task.FromResult(ChargesOfFailedOrdersNotRefunded(orders).Count == 0), "every charge of a failed order is refunded");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", orders.GroupBy(o => o.FailureReason ?? o.Status).Select(g => $"{g.Key} {g.Count()}"))
            + $"; faults injected {fixture.Faults.Injected}; intents {fixture.Stripe.Intents.Count}, refunds {fixture.Stripe.Refunds.Count}");
        foreach (var sku in skus)
        {
            var stock = await _shop.Stock(sku).GetStock();
            var sold = orders.Where(o => o.Status == OrderStatus.Confirmed).SelectMany(o => o.Items).Where(l => l.Sku == sku).Sum(l => l.Quantity);
            Assert.Equal((Orders - sold, 0), (stock.OnHand, stock.Reserved));
        }
    }

    private async Task<int> Finished(IEnumerable<string> orderIds)
    {
        var orders = await Task.WhenAll(orderIds.Select(id => _shop.Order(id).GetOrder()));
        return orders.Count(o => o!.Status != OrderStatus.Pending);
    }

    private async Task<(PaymentStatus, int)> Paid(string orderId)
    {
        var payment = await _shop.Payment(orderId).GetPayment();
        return (payment.Status, payment.Charges);
    }

    private List<FakeIntent> ChargesOfFailedOrdersNotRefunded(IEnumerable<Order> orders)
    {
        var refunded = fixture.Stripe.Refunds.Select(r => r.PaymentIntentId).ToHashSet(StringComparer.Ordinal);
        return [.. orders.Where(o => o.Status == OrderStatus.Failed)
            .SelectMany(o => fixture.Stripe.IntentsOf(o.OrderId))
            .Where(i => i.Succeeded && !refunded.Contains(i.Id))];
    }

    public void Dispose() => fixture.Faults.Reset();
}
