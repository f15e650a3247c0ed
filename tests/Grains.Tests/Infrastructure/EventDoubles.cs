using System.Collections.Concurrent;
using EShop.Grains.Abstractions.Events;
using EShop.Tests.Shared;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace EShop.Grains.Tests.Infrastructure;

/// <summary>
/// Every event the silo's streams delivered, by subject, in delivery order; each one the shop published (not a test's
/// replay) is checked against its committed schema (docs/events), and the fixture fails the run on any break.
/// </summary>
public sealed class EventLog
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DomainEvent>> _bySubject = new();
    private readonly ConcurrentDictionary<string, byte> _replayed = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _contractBreaks = new();

    public void Add(DomainEvent domainEvent)
    {
        if (!_replayed.ContainsKey(domainEvent.Id))
        {
            foreach (var problem in EventSchemas.Problems(domainEvent))
                _contractBreaks.Enqueue(problem);
        }

        _bySubject.GetOrAdd(domainEvent.Subject, _ => new()).Enqueue(domainEvent);
    }

    /// <summary>A test publishes this event itself (crafted or repeated): it is not the shop's to check.</summary>
    public void MarkReplayed(string eventId) => _replayed[eventId] = 0;

    /// <summary>Schema violations of events the shop published, so far.</summary>
    public IReadOnlyList<string> ContractBreaks => [.. _contractBreaks];

    /// <summary>Fails a cluster's run if any event the shop published in it, whichever test caused it, broke its schema.</summary>
    public void ThrowOnContractBreaks()
    {
        if (ContractBreaks is { Count: > 0 } breaks)
            throw new InvalidOperationException($"{breaks.Count} published event(s) broke their schema in docs/events:\n{string.Join('\n', breaks.Take(20))}");
    }

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

public sealed class EventReplayGrain(EventLog log) : Grain, IEventReplayGrain
{
    public Task Publish(DomainEvent domainEvent)
    {
        log.MarkReplayed(domainEvent.Id);
        return this.GetStreamProvider(StreamProviders.Events)
            .GetStream<DomainEvent>(StreamId.Create(EventStreams.NamespaceOf(domainEvent), domainEvent.Subject))
            .OnNextAsync(domainEvent);
    }
}
