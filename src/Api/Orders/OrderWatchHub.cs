using EShop.Grains.Abstractions.Orders;
using Microsoft.Extensions.Options;

namespace EShop.Api.Orders;

/// <summary>
/// This process's one watcher of orders (a grain observer): it registers with each order that has an open event
/// stream, hands every notification to those streams' mailboxes, renews each registration on a timer (catching up on
/// the order it answers: a notification lost while an order grain moved silos is made good there) and rings every
/// stream's heartbeat. A thousand streams cost a thousand mailboxes, and one registration per order.
/// </summary>
internal sealed partial class OrderWatchHub(
    IGrainFactory grains, IOptions<OrderEventsOptions> options, ILogger<OrderWatchHub> logger) : BackgroundService, IOrderWatcher
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<OrderMailbox>> _watched = new(StringComparer.Ordinal);
    private IOrderWatcher? _reference;

    /// <summary>Open streams, for the metrics and the tests.</summary>
    public int OpenStreams
    {
        get
        {
            lock (_lock)
                return _watched.Values.Sum(m => m.Count);
        }
    }

    private IOrderWatcher Reference
    {
        get
        {
            lock (_lock)
                return _reference ??= grains.CreateObjectReference<IOrderWatcher>(this);
        }
    }

    /// <summary>Opens a mailbox holding the order as it is now, or null (none opened) when there is no such order.</summary>
    public async Task<OrderMailbox?> Open(string orderId)
    {
        var mailbox = new OrderMailbox(orderId);
        lock (_lock)
        {
            if (!_watched.TryGetValue(orderId, out var mailboxes))
                _watched[orderId] = mailboxes = [];
            mailboxes.Add(mailbox);
        }

        try
        {
            // Every stream registers, even when its order is already watched: the registration answers the order as it
            // is now, which this stream starts from, and renewing it costs the grain nothing.
            if (await grains.GetGrain<IOrderGrain>(orderId).Watch(Reference) is not { } order)
            {
                Close(mailbox);
                return null;
            }

            Deliver(order);
            return mailbox;
        }
        catch
        {
            Close(mailbox);
            throw;
        }
    }

    /// <summary>Closes a stream's mailbox; the last stream of an order ends this process's registration with it.</summary>
    public void Close(OrderMailbox mailbox)
    {
        lock (_lock)
        {
            if (!_watched.TryGetValue(mailbox.OrderId, out var mailboxes) || !mailboxes.Remove(mailbox) || mailboxes.Count > 0)
                return;
            _watched.Remove(mailbox.OrderId);
        }

        _ = Unwatch(mailbox.OrderId);
    }

    Task IOrderWatcher.OrderChanged(Order order)
    {
        Deliver(order);
        return Task.CompletedTask;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        IOrderWatcher? reference;
        lock (_lock)
            (reference, _reference) = (_reference, null);
        if (reference is not null)
            grains.DeleteObjectReference<IOrderWatcher>(reference);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Heartbeats(stoppingToken), Renewals(stoppingToken));

    private void Deliver(Order order)
    {
        lock (_lock)
        {
            if (!_watched.TryGetValue(order.OrderId, out var mailboxes))
                return;
            foreach (var mailbox in mailboxes)
                mailbox.Offer(order);
        }
    }

    private async Task Heartbeats(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        while (await Tick(timer, stoppingToken))
        {
            lock (_lock)
            {
                foreach (var mailbox in _watched.Values.SelectMany(m => m))
                    mailbox.Beat();
            }
        }
    }

    private async Task Renewals(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewInterval);
        while (await Tick(timer, stoppingToken))
        {
            string[] orderIds;
            lock (_lock)
                orderIds = [.. _watched.Keys];
            await Parallel.ForEachAsync(orderIds, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = stoppingToken }, Renew);
        }
    }

    private async ValueTask Renew(string orderId, CancellationToken cancellationToken)
    {
        try
        {
            if (await grains.GetGrain<IOrderGrain>(orderId).Watch(Reference) is { } order)
                Deliver(order);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next renewal tries again; the streams keep their heartbeat meanwhile.
            LogRenewalFailed(logger, e, orderId);
        }
    }

    private async Task Unwatch(string orderId)
    {
        try
        {
            await grains.GetGrain<IOrderGrain>(orderId).Unwatch(Reference);
        }
        catch (Exception e)
        {
            LogUnwatchFailed(logger, e, orderId);
        }

        // A stream opened while the unwatch was under way must not be left unregistered until the next renewal.
        bool watchedAgain;
        lock (_lock)
            watchedAgain = _watched.ContainsKey(orderId);
        if (watchedAgain)
            await Renew(orderId, CancellationToken.None);
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 2451, Level = LogLevel.Warning, Message = "Could not renew the watch of order {OrderId}; the next renewal retries")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string orderId);

    [LoggerMessage(EventId = 2452, Level = LogLevel.Debug, Message = "Could not end the watch of order {OrderId}; the order grain forgets it when it expires")]
    private static partial void LogUnwatchFailed(ILogger logger, Exception exception, string orderId);
}
