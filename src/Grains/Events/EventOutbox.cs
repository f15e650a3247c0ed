using System.Diagnostics;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Orders;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace EShop.Grains.Events;

/// <summary>
/// The events a grain recorded in its persisted state, in the same write as the change they describe, and their
/// publication: in order, off the request path (an unreachable broker slows nothing down), each dropped once
/// the stream accepted it, and retried with backoff until it is. Whatever a crash left recorded is published
/// again on the next activation, so delivery is at least once and consumers deduplicate by event id.
/// The drops are written with the grain's next write, or by <c>persistDrops</c> a little later.
/// </summary>
public sealed partial class EventOutbox
{
    private const string TraceParentKey = "traceparent";

    private readonly Grain grain;
    private readonly Func<List<DomainEvent>> pending;
    private readonly Func<Task> persistDrops;
    private readonly OutboxServices services;
    private IGrainTimer? publisher;
    private IGrainTimer? dropWriter;
    private TimeSpan retryDelay;
    private bool publishing;

    /// <param name="grain">The emitting grain.</param>
    /// <param name="pending">The outbox list inside the grain's state (read each time: the state object may be replaced).</param>
    /// <param name="persistDrops">Writes the state, or does nothing where the grain holds changes it must not write yet.</param>
    /// <param name="services">Clock, options, faults and logger.</param>
    public EventOutbox(Grain grain, Func<List<DomainEvent>> pending, Func<Task> persistDrops, OutboxServices services)
    {
        this.grain = grain;
        this.pending = pending;
        this.persistDrops = persistDrops;
        this.services = services;
        retryDelay = services.Options.RetryDelay;
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
        return domainEvent;
    }

    /// <summary>
    /// The W3C trace context of the call that made the change: its activity when one is recorded here, otherwise the
    /// context Orleans carried along in the request context (activity propagation), so that events stay joined to
    /// the request's trace even when nobody records spans.
    /// </summary>
    private static string? TraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : RequestContext.Get(TraceParentKey) as string;

    /// <summary>Starts publishing what is recorded, unless that is under way; call it after the state was written.</summary>
    public void Publish()
    {
        if (publishing || pending().Count == 0)
            return;
        publishing = true;
        // Runs on the grain's scheduler without being awaited, so it interleaves with the grain's own calls: a
        // publish waiting on a broker never blocks them. Only a retry needs a timer.
        _ = PublishPending(CancellationToken.None);
    }

    private void Schedule(TimeSpan dueTime)
    {
        publisher?.Dispose();
        // Interleaved, as the first attempt; kept alive, so that recorded events are not left waiting for the next
        // activation while the grain idles.
        publisher = grain.RegisterGrainTimer(PublishPending, new GrainTimerCreationOptions(dueTime, Timeout.InfiniteTimeSpan)
        {
            Interleave = true,
            KeepAlive = true,
        });
    }

    private async Task PublishPending(CancellationToken cancellationToken)
    {
        var events = pending();
        var published = 0;
        try
        {
            while (events.Count > 0 && !cancellationToken.IsCancellationRequested)
            {
                var next = events[0];
                services.Faults.BeforePublish(grain.GetGrainId(), next);
                await Stream(next).OnNextAsync(next).WaitAsync(services.Options.PublishTimeout, cancellationToken);
                events.Remove(next);
                published++;
            }

            retryDelay = services.Options.RetryDelay;
            publishing = false;
            if (published > 0)
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
            Schedule(retryDelay);
            retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, services.Options.MaxRetryDelay.Ticks));
        }
    }

    private void ScheduleDropWrite()
    {
        dropWriter?.Dispose();
        dropWriter = grain.RegisterGrainTimer(
            async _ =>
            {
                dropWriter?.Dispose();
                await persistDrops();
            },
            new GrainTimerCreationOptions(services.Options.DropWriteDelay, Timeout.InfiniteTimeSpan));
    }

    private IAsyncStream<DomainEvent> Stream(DomainEvent domainEvent) =>
        grain.GetStreamProvider(StreamProviders.Events)
            .GetStream<DomainEvent>(StreamId.Create(EventStreams.NamespaceOf(domainEvent), domainEvent.Subject));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the events of {Grain} failed ({Pending} waiting); retrying in {Delay}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string grain, int pending, TimeSpan delay);
}
