using System.Diagnostics;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Orders;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;
using EShop.Grains.Common;

namespace EShop.Grains.Events;

/// <summary>
/// The events a grain recorded in its persisted state, in the same write as the change they describe, and their
/// publication: in order, only once written, off the request path (an unreachable broker slows nothing down),
/// each dropped once the stream accepted it, and retried with backoff until it is. A failed publish sets a
/// reminder, so that a grain deactivated or lost meanwhile comes back to publish. Whatever a crash left recorded
/// is published again on the next activation: delivery is at least once and consumers deduplicate by event id.
/// The drops are written with the grain's next write, or by one write of the outbox's own a little later.
/// </summary>
/// <remarks>The grain calls <see cref="Resume"/> on activation, <see cref="Record"/> before a write,
/// <see cref="Publish"/> after it succeeded, and routes the reminder <see cref="ReminderName"/> to <see cref="Publish"/>.</remarks>
public sealed partial class EventOutbox
{
    public const string ReminderName = "event-outbox";

    private const string TraceParentKey = "traceparent";

    private readonly Grain grain;
    private readonly Func<List<DomainEvent>> pending;
    private readonly Func<Task> write;
    private readonly Func<bool> mayWrite;
    private readonly OutboxServices services;
    private IGrainTimer? retry;
    private IGrainTimer? dropWriter;
    private TimeSpan retryDelay;
    private bool publishing;
    private bool reminderMayExist;

    // Recorded events not written yet: the tail of the list. Only the written head is ever published.
    private int unwritten;

    // Every event recorded by this activation, so that a write can tell which of them it carried.
    private long recorded;

    /// <param name="grain">The emitting grain; it must implement <see cref="IRemindable"/>.</param>
    /// <param name="pending">The outbox list inside the grain's state (read each time: the state object may be replaced).</param>
    /// <param name="write">Writes the grain's state.</param>
    /// <param name="mayWrite">Whether the outbox may write the state now (false where the grain holds changes it must not write yet).</param>
    /// <param name="services">Clock, options, faults and logger.</param>
    public EventOutbox(Grain grain, Func<List<DomainEvent>> pending, Func<Task> write, OutboxServices services, Func<bool>? mayWrite = null)
    {
        this.grain = grain;
        this.pending = pending;
        this.write = write;
        this.mayWrite = mayWrite ?? (() => true);
        this.services = services;
        retryDelay = services.Options.RetryDelay;
    }

    /// <summary>On activation: publishes what a previous activation left recorded.</summary>
    public void Resume()
    {
        reminderMayExist = pending().Count > 0;
        Publish();
    }

    /// <summary>Adds an event to the state; the caller writes the state, then calls <see cref="Publish"/>.</summary>
    public DomainEvent Record<T>(string streamNamespace, string type, string subject, T data)
    {
        var now = services.Clock.UtcNow;
        var domainEvent = new DomainEvent(
            Guid.CreateVersion7(now).ToString(),
            type,
            EventStreams.SourceOf(streamNamespace),
            subject,
            now,
            TraceParent(),
            EventJson.Write(data));
        pending().Add(domainEvent);
        unwritten++;
        recorded++;
        return domainEvent;
    }

    /// <summary>
    /// The W3C trace context of the call that made the change: its activity when one is recorded here, otherwise the
    /// context Orleans carried along in the request context (activity propagation), so that events stay joined to
    /// the request's trace even when nobody records spans.
    /// </summary>
    private static string? TraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : RequestContext.Get(TraceParentKey) as string;

    /// <summary>How many events this activation recorded so far: read it when a write takes its copy of the state.</summary>
    public long Recorded => recorded;

    /// <summary>Call after every successful write of the state: what it carried may now be published.</summary>
    public void Publish() => Publish(recorded);

    /// <summary>
    /// Call after a successful write that took its copy of the state when <see cref="Recorded"/> was
    /// <paramref name="recordedAtWrite"/> (a grain whose calls go on changing the state while it writes): the events
    /// recorded since wait for the next write.
    /// </summary>
    public void Publish(long recordedAtWrite)
    {
        unwritten = (int)(recorded - recordedAtWrite);
        if (publishing)
            return;
        if (pending().Count == 0)
        {
            // Published by an earlier activation whose drop was never written: write it, and retire the reminder.
            if (reminderMayExist)
                ScheduleDropWrite();
            return;
        }

        publishing = true;
        // Runs on the grain's scheduler without being awaited, so it interleaves with the grain's own calls: a
        // publish waiting on a broker never blocks them.
        _ = PublishPending(CancellationToken.None);
    }

    private async Task PublishPending(CancellationToken cancellationToken)
    {
        var events = pending();
        var published = 0;
        try
        {
            while (events.Count > unwritten && !cancellationToken.IsCancellationRequested)
            {
                var next = events[0];
                services.Faults.BeforePublish(grain.GetGrainId(), next);
                await Stream(next).OnNextAsync(next).WaitAsync(services.Options.PublishTimeout, cancellationToken);
                events.Remove(next);
                published++;
            }

            retryDelay = services.Options.RetryDelay;
            publishing = false;
            if (published > 0 || reminderMayExist)
                ScheduleDropWrite();
        }
        catch (SimulatedCrashException)
        {
            publishing = false;
            grain.DeactivateOnIdle();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(services.Logger, ex, grain.GetGrainId().ToString(), events.Count, retryDelay);
            await SetReminder();
            retry?.Dispose();
            // Interleaved, as the first attempt.
            retry = grain.RegisterGrainTimer(PublishPending, new GrainTimerCreationOptions(retryDelay, Timeout.InfiniteTimeSpan) { Interleave = true });
            retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, services.Options.MaxRetryDelay.Ticks));
        }
    }

    private async Task SetReminder()
    {
        if (reminderMayExist)
            return;
        try
        {
            var period = services.Options.ReminderPeriod;
            await grain.RegisterOrUpdateReminderEvery(ReminderName, period);
            reminderMayExist = true;
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogReminderFailed(services.Logger, ex, grain.GetGrainId().ToString());
        }
    }

    /// <summary>Writes the emptied outbox a little later (not interleaved), and retires the reminder once nothing waits.</summary>
    private void ScheduleDropWrite()
    {
        dropWriter?.Dispose();
        dropWriter = grain.RegisterGrainTimer(
            async cancellation =>
            {
                // A one-shot timer (not disposed here: that would cancel this very callback).
                if (!mayWrite())
                    return;
                var recordedAtWrite = recorded;
                await write();
                unwritten = Math.Min(unwritten, (int)(recorded - recordedAtWrite));
                if (pending().Count > unwritten)
                {
                    Publish(recorded - unwritten);
                    return;
                }

                if (reminderMayExist && await grain.GetReminder(ReminderName, cancellation) is { } reminder)
                    await grain.UnregisterReminder(reminder, cancellation);
                reminderMayExist = false;
            },
            new GrainTimerCreationOptions(services.Options.DropWriteDelay, Timeout.InfiniteTimeSpan));
    }

    private IAsyncStream<DomainEvent> Stream(DomainEvent domainEvent) =>
        grain.GetStreamProvider(StreamProviders.Events)
            .GetStream<DomainEvent>(StreamId.Create(EventStreams.NamespaceOf(domainEvent), domainEvent.Subject));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the events of {Grain} failed ({Pending} waiting); retrying in {Delay}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string grain, int pending, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not set the outbox reminder of {Grain}; its events wait for its next activation")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception, string grain);
}
