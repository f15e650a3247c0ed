using System.Collections.Concurrent;
using EShop.Grains.Abstractions.Events;
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
public sealed class EventLogGrain(EventLog log) : Grain, IEventLogGrain, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync((item, _) => OnEvent(item));

    private Task OnEvent(DomainEvent item)
    {
        log.Add(item);
        return Task.CompletedTask;
    }
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
