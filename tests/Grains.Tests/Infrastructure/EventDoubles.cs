using System.Collections.Concurrent;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Events;
using EShop.Grains.Notifications;
using EShop.Grains.Orders;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace EShop.Grains.Tests.Infrastructure;

/// <summary>Every event the silo's streams delivered, by subject, in delivery order.</summary>
public sealed class EventLog
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DomainEvent>> _bySubject = new();

    public void Add(DomainEvent domainEvent) => _bySubject.GetOrAdd(domainEvent.Subject, _ => new()).Enqueue(domainEvent);

    public IReadOnlyList<DomainEvent> For(string subject) => _bySubject.TryGetValue(subject, out var events) ? [.. events] : [];

    /// <summary>Polls until the subject's events satisfy the condition, 30 s at most.</summary>
    public async Task<IReadOnlyList<DomainEvent>> WaitFor(string subject, Func<IReadOnlyList<DomainEvent>, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var events = For(subject);
            if (condition(events))
                return events;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Events of {subject} after 30 s: {string.Join(", ", events.Select(e => e.Type))}");
            await Task.Delay(20);
        }
    }
}

public interface IEventLogGrain : IGrainWithStringKey;

/// <summary>A consumer of every domain namespace, as an outside reader would be.</summary>
[ImplicitStreamSubscription(EventStreams.Users)]
[ImplicitStreamSubscription(EventStreams.Catalog)]
[ImplicitStreamSubscription(EventStreams.Orders)]
[ImplicitStreamSubscription(EventStreams.Payments)]
[ImplicitStreamSubscription(EventStreams.Inventory)]
public sealed class EventLogGrain(EventLog log) : Grain, IEventLogGrain, IStreamSubscriptionObserver, IAsyncObserver<DomainEvent>
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(this);

    public Task OnNextAsync(DomainEvent item, StreamSequenceToken? token = null)
    {
        log.Add(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

/// <summary>Publishes an event as the stream would redeliver it.</summary>
public interface IEventReplayGrain : IGrainWithIntegerKey
{
    Task Publish(DomainEvent domainEvent);
}

public sealed class EventReplayGrain : Grain, IEventReplayGrain
{
    public Task Publish(DomainEvent domainEvent) =>
        this.GetStreamProvider(StreamProviders.Events)
            .GetStream<DomainEvent>(StreamId.Create(EventStreams.NamespaceOf(domainEvent), domainEvent.Subject))
            .OnNextAsync(domainEvent);
}

/// <summary>Kills an activation once, right before it publishes a chosen subject's event of a chosen type.</summary>
public sealed class CrashBeforePublish : IOutboxFaults
{
    private readonly ConcurrentDictionary<string, string> _armed = new();

    public ConcurrentQueue<DomainEvent> Fired { get; } = [];

    public void Arm(string subject, string type) => _armed[subject] = type;

    public void BeforePublish(GrainId grain, DomainEvent domainEvent)
    {
        if (_armed.TryGetValue(domainEvent.Subject, out var type) && type == domainEvent.Type && _armed.TryRemove(domainEvent.Subject, out _))
        {
            Fired.Enqueue(domainEvent);
            throw new SimulatedCrashException($"Crash before publishing {domainEvent.Type} of {domainEvent.Subject}");
        }
    }
}

/// <summary>Notifications the silo sent, instead of mail.</summary>
public sealed class RecordingNotificationSender : INotificationSender
{
    public ConcurrentQueue<Notification> Sent { get; } = [];

    public IReadOnlyList<Notification> To(string address) => [.. Sent.Where(n => n.ToAddress == address)];

    public Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        Sent.Enqueue(notification);
        return Task.CompletedTask;
    }
}
