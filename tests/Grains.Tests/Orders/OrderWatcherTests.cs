using System.Threading.Channels;
using EShop.Grains.Abstractions;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Orders;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace EShop.Grains.Tests.Orders;

/// <summary>An order grain's watchers (what feeds the Api's live order status): told each status once it is written.</summary>
[Collection(SharedCluster.Name)]
public sealed class OrderWatcherTests(ClusterFixture fixture)
{
    private readonly Shop _shop = new(fixture);

    [Fact]
    public async Task A_watcher_is_told_each_status_after_it_is_written_until_it_unwatches()
    {
        var orderId = await ConfirmedOrder();
        var (staying, leaving) = (new RecordingWatcher(fixture, orderId), new RecordingWatcher(fixture, orderId));
        var stayingRef = fixture.Client.CreateObjectReference<IOrderWatcher>(staying);
        var leavingRef = fixture.Client.CreateObjectReference<IOrderWatcher>(leaving);
        try
        {
            // The leaving watcher registers first, so it would be told first (watchers are told in registration order).
            await _shop.Order(orderId).Watch(leavingRef);
            var current = await _shop.Order(orderId).Watch(stayingRef);
            Assert.Equal((OrderStatus.Confirmed, 2), (current!.Status, current.Sequence()));

            Assert.Equal(OrderActionStatus.Done, (await _shop.Order(orderId).Ship()).Status);
            var shipped = await staying.Next();
            Assert.Equal((OrderStatus.Shipped, 3), (shipped.Order.Status, shipped.Order.Sequence()));
            Assert.True(shipped.StoredSequence >= 3, $"told of status 3 while storage held {shipped.StoredSequence}");
            Assert.Equal(3, (await leaving.Next()).Order.Sequence());

            await _shop.Order(orderId).Unwatch(leavingRef);
            Assert.Equal(OrderActionStatus.Done, (await _shop.Order(orderId).Deliver()).Status);

            var delivered = await staying.Next();
            Assert.Equal((OrderStatus.Delivered, 4), (delivered.Order.Status, delivered.Order.Sequence()));
            Assert.True(delivered.StoredSequence >= 4, $"told of status 4 while storage held {delivered.StoredSequence}");
            Assert.Equal([OrderStatus.Pending, OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered], delivered.Order.History.Select(h => h.Status));
            // The staying watcher was told of Delivered, after where the one that left would have been: it was not.
            Assert.False(leaving.TryNext(out var late), $"an unwatched watcher was told {late?.Order.Status}");
        }
        finally
        {
            fixture.Client.DeleteObjectReference<IOrderWatcher>(stayingRef);
            fixture.Client.DeleteObjectReference<IOrderWatcher>(leavingRef);
        }
    }

    [Fact]
    public async Task Watching_an_order_that_does_not_exist_answers_null()
    {
        var watcher = new RecordingWatcher(fixture, "none");
        var reference = fixture.Client.CreateObjectReference<IOrderWatcher>(watcher);
        try
        {
            Assert.Null(await _shop.Order($"ord_{Guid.NewGuid():N}").Watch(reference));
        }
        finally
        {
            fixture.Client.DeleteObjectReference<IOrderWatcher>(reference);
        }
    }

    [Fact]
    public void The_order_as_it_stood_at_an_earlier_status_has_that_status_its_history_so_far_and_that_time()
    {
        var at = DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var command = Shop.Command(Accounts.NewUserId(), "SKU-1", 1);
        var order = new Order(
            "ord_1", command.UserId, OrderStatus.Cancelled, command.Lines, command.Total, command.ShippingAddress, "pi_1", null, at, at.AddMinutes(9),
            [new(OrderStatus.Pending, at), new(OrderStatus.Confirmed, at.AddMinutes(1)), new(OrderStatus.Cancelled, at.AddMinutes(5))]);

        var pending = order.At(1);
        var confirmed = order.At(2);

        Assert.Equal((OrderStatus.Pending, at, 1, null), (pending.Status, pending.UpdatedAt, pending.History.Count, pending.PaymentId));
        Assert.Equal((OrderStatus.Confirmed, at.AddMinutes(1), 2, "pi_1"), (confirmed.Status, confirmed.UpdatedAt, confirmed.History.Count, confirmed.PaymentId));
        Assert.Same(order, order.At(3));
        Assert.True(order.IsFinal());
        Assert.False(confirmed.IsFinal());
        Assert.Throws<ArgumentOutOfRangeException>(() => order.At(4));
    }

    private async Task<string> ConfirmedOrder()
    {
        var sku = await _shop.StockedSku(onHand: 5);
        var orderId = (await _shop.Checkout(Accounts.NewUserId(), "pm_card_visa", (sku, 1))).Order!.OrderId;
        Assert.Equal(OrderStatus.Confirmed, (await _shop.Settled(orderId)).Status);
        return orderId;
    }

    /// <summary>Keeps each order it is told of with the sequence storage held at that moment.</summary>
    private sealed class RecordingWatcher(ClusterFixture fixture, string orderId) : IOrderWatcher
    {
        private readonly Channel<(Order Order, int StoredSequence)> _told = Channel.CreateUnbounded<(Order, int)>();

        public async Task OrderChanged(Order order)
        {
            var storage = fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Orders);
            var state = new GrainState<OrderState>(new OrderState());
            await storage.ReadStateAsync("order", fixture.Client.GetGrain<IOrderGrain>(orderId).GetGrainId(), state);
            _told.Writer.TryWrite((order, state.State!.History.Count));
        }

        public async Task<(Order Order, int StoredSequence)> Next()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await _told.Reader.ReadAsync(timeout.Token);
        }

        public bool TryNext(out (Order Order, int StoredSequence)? told)
        {
            var found = _told.Reader.TryRead(out var item);
            told = found ? item : null;
            return found;
        }
    }
}
