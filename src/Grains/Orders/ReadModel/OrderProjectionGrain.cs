using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Orders;
using Orleans.Concurrency;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace EShop.Grains.Orders.ReadModel;

/// <summary>Feeds one order's events into the read model (keyed by orderId).</summary>
[Alias("eshop.order-projection-grain")]
public interface IOrderProjectionGrain : IGrainWithStringKey
{
    /// <summary>The newest sequence this activation applied, 0 when none.</summary>
    [ReadOnly, Alias("GetSequence")]
    Task<int> GetSequence();
}

[ImplicitStreamSubscription(EventStreams.Orders)]
public sealed class OrderProjectionGrain(IOrderReadStore store) : Grain, IOrderProjectionGrain, IStreamSubscriptionObserver
{
    private int _applied;

    public Task<int> GetSequence() => Task.FromResult(_applied);

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync((item, _) => OnEvent(item));

    private async Task OnEvent(DomainEvent item)
    {
        if (!item.Type.StartsWith("eshop.order.", StringComparison.Ordinal))
            return;
        var row = OrderRows.From(item.Read<OrderEventV1>());
        // The store keeps the newest row; skipping what this activation already applied saves a round trip.
        if (row.Sequence <= _applied)
            return;
        await store.ApplyAsync(row);
        _applied = row.Sequence;
    }
}

/// <summary>Answers operators' queries on any silo.</summary>
[StatelessWorker]
public sealed class AdminOrdersGrain(IOrderReadStore store) : Grain, IAdminOrdersGrain
{
    public Task<AdminOrderPage> Query(AdminOrderQuery query) => store.QueryAsync(query);
}
