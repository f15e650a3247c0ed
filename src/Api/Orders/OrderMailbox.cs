using System.Threading.Channels;
using EShop.Grains.Abstractions.Orders;

namespace EShop.Api.Orders;

/// <summary>
/// What one open event stream has yet to send: the newest order seen (its history holds every status before it, so
/// only the newest matters) and whether a heartbeat is due. A doorbell of one slot wakes the stream; nothing queues.
/// </summary>
internal sealed class OrderMailbox(string orderId)
{
    private readonly Lock _lock = new();
    private readonly Channel<bool> _bell = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private Order? _latest;
    private bool _heartbeatDue;

    public string OrderId => orderId;

    /// <summary>Keeps <paramref name="order"/> if it is newer than the newest seen (by sequence) and wakes the stream.</summary>
    public void Offer(Order order)
    {
        lock (_lock)
        {
            if (_latest is not null && order.Sequence() <= _latest.Sequence())
                return;
            _latest = order;
        }

        _bell.Writer.TryWrite(true);
    }

    public void Beat()
    {
        lock (_lock)
            _heartbeatDue = true;
        _bell.Writer.TryWrite(true);
    }

    /// <summary>Waits for news: the newest order seen (null: none yet) and whether a heartbeat is due (then no longer).</summary>
    public async ValueTask<(Order? Latest, bool Heartbeat)> WaitAsync(CancellationToken cancellationToken)
    {
        await _bell.Reader.ReadAsync(cancellationToken);
        lock (_lock)
        {
            var heartbeat = _heartbeatDue;
            _heartbeatDue = false;
            return (_latest, heartbeat);
        }
    }
}
