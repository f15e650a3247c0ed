using Orleans.Concurrency;

namespace EShop.Grains.Abstractions.Orders;

/// <summary>
/// Watches orders (a grain observer, one per Api process): told the order after each persisted status change. The
/// order carries its whole history, so a watcher that missed a notification fills the gap from the next one.
/// </summary>
[Alias("eshop.IOrderWatcher")]
public interface IOrderWatcher : IGrainObserver
{
    [OneWay, Alias("OrderChanged")]
    Task OrderChanged(Order order);
}

/// <summary>The live status of an order as a sequence of events: event n is the order as it stood at its n-th status.</summary>
public static class OrderTimeline
{
    /// <summary>
    /// How long an order grain keeps a watcher that has not registered again: watchers live in memory only, so a watcher
    /// re-registers well inside this (and catches up on the order each registration returns).
    /// </summary>
    public static readonly TimeSpan WatcherExpiry = TimeSpan.FromMinutes(3);

    /// <summary>The sequence of the order's current status: its n-th status (Pending is 1).</summary>
    public static int Sequence(this Order order) => order.History.Count;

    /// <summary>No status follows Delivered, Cancelled or Failed.</summary>
    public static bool IsFinal(this Order order) =>
        order.Status is OrderStatus.Delivered or OrderStatus.Cancelled or OrderStatus.Failed;

    /// <summary>
    /// The order as it stood when it reached its <paramref name="sequence"/>-th status (1..<see cref="Sequence"/>): that
    /// status, the history up to it, and that change's time. The current sequence answers the order itself.
    /// </summary>
    public static Order At(this Order order, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, order.Sequence());
        if (sequence == order.Sequence())
            return order;
        var change = order.History[sequence - 1];
        return order with
        {
            Status = change.Status,
            PaymentId = change.Status == OrderStatus.Pending ? null : order.PaymentId,
            FailureReason = change.Status == OrderStatus.Failed ? order.FailureReason : null,
            UpdatedAt = change.At,
            History = [.. order.History.Take(sequence)],
        };
    }
}
