using EShop.Grains.Abstractions.Orders;
using Orleans.Utilities;

namespace EShop.Grains.Orders;

/// <summary>
/// The order's watchers (the Api processes streaming its status): volatile, renewed by the watchers themselves, and
/// told of each status change once it is written. A watcher that misses one (this grain moved silos after a crash)
/// catches up when it next renews, since renewing answers the order with its whole history.
/// </summary>
public sealed partial class OrderGrain
{
    private ObserverManager<IOrderWatcher>? _watchers;

    // The sequence (history length) the watchers were last told of, so that each written status is told once.
    private int _toldSequence;

    public Task<Order?> Watch(IOrderWatcher watcher)
    {
        if (state.State.Placed is null)
            return Task.FromResult<Order?>(null);

        _watchers ??= new ObserverManager<IOrderWatcher>(OrderTimeline.WatcherExpiry, logger);
        _watchers.Subscribe(watcher, watcher);
        return Task.FromResult<Order?>(state.State.ToOrder(OrderId));
    }

    public Task Unwatch(IOrderWatcher watcher)
    {
        _watchers?.Unsubscribe(watcher);
        return Task.CompletedTask;
    }

    /// <summary>Tells the watchers of a status written since they were last told; call only after the state is written.</summary>
    private void TellWatchers()
    {
        var sequence = state.State.History.Count;
        if (sequence <= _toldSequence)
            return;
        _toldSequence = sequence;
        if (_watchers is not { Count: > 0 } watchers)
            return;

        var order = state.State.ToOrder(OrderId);
        watchers.Notify(watcher => _ = watcher.OrderChanged(order));
    }
}
