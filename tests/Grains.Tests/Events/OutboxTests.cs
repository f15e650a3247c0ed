using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Tests.Catalog;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Orders;
using EShop.Grains.Tests.Users;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Grains.Tests.Events;

[Collection(SharedCluster.Name)]
public sealed class OutboxTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture);

    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_confirmed_checkout_publishes_placed_then_confirmed_and_the_payment_success()
    {
        var sku = await _shop.StockedSku(onHand: 3);
        var userId = Accounts.NewUserId();

        var orderId = (await _shop.Checkout(userId, "pm_card_visa", (sku, 2))).Order!.OrderId;

        var events = await fixture.Events.WaitFor(orderId, e => e.Count(x => x.Source == "/eshop/orders") >= 2 && e.Any(x => x.Type == EventTypes.PaymentSucceeded));
        var orderEvents = events.Where(e => e.Source == "/eshop/orders").ToList();
        Assert.Equal([EventTypes.OrderPlaced, EventTypes.OrderConfirmed], orderEvents.Select(e => e.Type));
        var confirmed = orderEvents[1].Read<OrderEventV1>();
        Assert.Equal((orderId, userId, OrderStatus.Confirmed, 2, 2000L), (confirmed.OrderId, confirmed.UserId, confirmed.Status, confirmed.ItemCount, confirmed.Total.Amount));
        Assert.True(confirmed.Sequence > orderEvents[0].Read<OrderEventV1>().Sequence);
        var payment = events.Single(e => e.Type == EventTypes.PaymentSucceeded).Read<PaymentEventV1>();
        Assert.Equal((orderId, 2000L), (payment.OrderId, payment.Amount.Amount));
        Assert.StartsWith("pi_", payment.PaymentIntentId, StringComparison.Ordinal);
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_declined_card_publishes_payment_failed_and_order_failed()
    {
        var sku = await _shop.StockedSku(onHand: 3);

        var orderId = (await _shop.Checkout(Accounts.NewUserId(), "pm_card_chargeDeclined", (sku, 1))).Order!.OrderId;

        // Two streams (orders, payments): each is ordered, not the two together.
        var events = await fixture.Events.WaitFor(orderId, e => e.Any(x => x.Type == EventTypes.OrderFailed) && e.Any(x => x.Type == EventTypes.PaymentFailed));
        Assert.Equal("generic_decline", events.Single(e => e.Type == EventTypes.PaymentFailed).Read<PaymentEventV1>().DeclineCode);
        Assert.Equal(FailureReasons.PaymentDeclined, events.Single(e => e.Type == EventTypes.OrderFailed).Read<OrderEventV1>().FailureReason);
    }

    [Fact]
    public async Task A_crash_between_the_write_and_the_publish_publishes_the_recorded_event_after_reactivation()
    {
        var userId = Accounts.NewUserId();
        var user = Grains.GetGrain<IUserGrain>(userId);
        fixture.PublishFaults.Arm(userId, EventTypes.UserRegistered);

        Assert.True(await user.Create(Accounts.New(userId, Accounts.NewEmail())));
        await Shop.Eventually(() => Task.FromResult(fixture.PublishFaults.Fired.Any(e => e.Subject == userId)), "the crash fired");
        var recorded = fixture.PublishFaults.Fired.Single(e => e.Subject == userId);
        Assert.Empty(fixture.Events.For(userId));

        // Any call brings the grain back; it publishes what its state still holds.
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.NotNull(await user.GetProfile());

        var published = Assert.Single(await fixture.Events.WaitFor(userId, e => e.Count > 0));
        Assert.Equal(recorded, published);
        Assert.Equal(userId, published.Read<UserRegisteredV1>().UserId);
    }

    [Fact]
    public async Task A_grain_killed_while_its_publish_fails_is_woken_by_its_reminder_and_publishes()
    {
        var userId = Accounts.NewUserId();
        var user = Grains.GetGrain<IUserGrain>(userId);
        fixture.PublishFaults.Arm(userId, EventTypes.UserRegistered, failures: 1);
        var reminders = fixture.SiloServices.GetRequiredService<IReminderTable>();

        Assert.True(await user.Create(Accounts.New(userId, Accounts.NewEmail())));

        // One failed publish (which sets the reminder), then the activation dies before its retry. Nothing calls the
        // grain again: only its reminder can bring it back.
        await Shop.Eventually(() => Task.FromResult(fixture.PublishFaults.Fired.Any(e => e.Subject == userId)), "the crash fired");
        var published = Assert.Single(await fixture.Events.WaitFor(userId, e => e.Count > 0));
        Assert.Equal(fixture.PublishFaults.Fired.Single(e => e.Subject == userId), published);
        await Shop.Eventually(
            async () => (await reminders.ReadRows(user.GetGrainId())).Reminders.Count == 0,
            "the outbox reminder is removed once the emptied outbox is written");
    }

    [Fact]
    public async Task An_event_carries_the_trace_context_of_the_call_that_caused_it()
    {
        var userId = Accounts.NewUserId();
        var traceParent = $"00-{System.Diagnostics.ActivityTraceId.CreateRandom()}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01";

        RequestContext.Set("traceparent", traceParent);
        try
        {
            Assert.True(await Grains.GetGrain<IUserGrain>(userId).Create(Accounts.New(userId, Accounts.NewEmail())));
        }
        finally
        {
            RequestContext.Clear();
        }

        var registered = Assert.Single(await fixture.Events.WaitFor(userId, e => e.Count > 0));
        Assert.Equal(traceParent, registered.TraceParent);
    }

    [Fact]
    public async Task An_event_is_never_published_before_the_write_that_records_it_returned()
    {
        var (productId, sku) = (Products.NewId(), Products.NewSku());
        var product = Grains.GetGrain<IProductGrain>(productId);
        fixture.PublishFaults.Arm(productId, EventTypes.ProductCreated, failures: 2, crash: false);
        await product.Create(Products.With(productId) with { Variants = [Products.Variant(sku, amount: 1000)] });

        // The update's write has reached storage but the grain has not seen it succeed, while the retries of the
        // created event go on: the retry may publish the created event, never the updated one.
        var held = fixture.StorageFaults.PauseAfterWrite("product", productId);
        var update = product.Update(Products.With(productId) with { Variants = [Products.Variant(sku, amount: 1200)] });
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(EventTypes.ProductCreated, Assert.Single(await fixture.Events.WaitFor(productId, e => e.Count > 0)).Type);
        await Task.Delay(300);
        Assert.Single(fixture.Events.For(productId));

        held.Release();
        await update;
        var events = await fixture.Events.WaitFor(productId, e => e.Count >= 2);
        Assert.Equal([EventTypes.ProductCreated, EventTypes.ProductUpdated], events.Select(e => e.Type));
    }

    [Fact]
    public async Task A_price_change_is_published_with_old_and_new_prices()
    {
        var (productId, sku) = (Products.NewId(), Products.NewSku());
        var product = Grains.GetGrain<IProductGrain>(productId);
        await product.Create(Products.With(productId) with { Variants = [Products.Variant(sku, amount: 1000)] });

        await product.Update(Products.With(productId) with { Variants = [Products.Variant(sku, amount: 1200)] });

        var events = await fixture.Events.WaitFor(productId, e => e.Count >= 2);
        Assert.Equal([EventTypes.ProductCreated, EventTypes.ProductUpdated], events.Select(e => e.Type));
        var change = Assert.Single(events[1].Read<ProductUpdatedV1>().PriceChanges);
        Assert.Equal((sku, 1000L, 1200L), (change.Sku, change.OldPrice!.Amount, change.NewPrice!.Amount));
    }

    [Fact]
    public async Task Low_stock_is_published_once_per_crossing_of_the_threshold()
    {
        var sku = await _shop.StockedSku(onHand: 7);
        var stock = _shop.Stock(sku);

        await stock.Reserve("order-a", 2, TimeSpan.FromMinutes(10));
        await stock.Reserve("order-b", 1, TimeSpan.FromMinutes(10));
        await stock.Reserve("order-c", 1, TimeSpan.FromMinutes(10));
        await stock.SetOnHand(20);
        await stock.Reserve("order-d", 14, TimeSpan.FromMinutes(10));

        // Per stream in order: the second crossing's event comes after anything the sales below the line sent.
        var events = await fixture.Events.WaitFor(sku, e => e.Count >= 2);
        Assert.Equal([(4, 5), (2, 5)], events.Select(e => e.Read<LowStockV1>()).Select(l => (l.Available, l.Threshold)));
    }
}
