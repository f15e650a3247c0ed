using System.Collections.Concurrent;
using EShop.Grains;
using EShop.Grains.Abstractions.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace EShop.Integration.Tests.Streaming;

/// <summary>Publishes events to a stream of the "events" provider, in order, each once the provider accepted the one before.</summary>
[Alias("eshop.tests.stream-publisher")]
public interface IStreamPublisherGrain : IGrainWithGuidKey
{
    [Alias("Publish")]
    Task Publish(string streamNamespace, string key, List<DomainEvent> events);

    /// <summary>Publishes an item of another type than <see cref="DomainEvent"/>.</summary>
    [Alias("PublishText")]
    Task PublishText(string streamNamespace, string key, string text);
}

public sealed class StreamPublisherGrain : Grain, IStreamPublisherGrain
{
    public async Task Publish(string streamNamespace, string key, List<DomainEvent> events)
    {
        var stream = this.GetStreamProvider(StreamProviders.Events).GetStream<DomainEvent>(StreamId.Create(streamNamespace, key));
        foreach (var domainEvent in events)
            await stream.OnNextAsync(domainEvent);
    }

    public Task PublishText(string streamNamespace, string key, string text) =>
        this.GetStreamProvider(StreamProviders.Events).GetStream<string>(StreamId.Create(streamNamespace, key)).OnNextAsync(text);
}

[Alias("eshop.tests.stream-recorder")]
public interface IStreamRecorderGrain : IGrainWithStringKey;

/// <summary>
/// An implicit consumer of the orders and external namespaces that records what it receives in
/// <see cref="ReceivedEvents"/>. Every test cluster of this assembly has it, so it needs no service of its own.
/// </summary>
[ImplicitStreamSubscription(EventStreams.Orders)]
[ImplicitStreamSubscription(EventStreams.External)]
public sealed class StreamRecorderGrain : Grain, IStreamRecorderGrain, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var stream = handleFactory.StreamId;
        await handleFactory.Create<DomainEvent>().ResumeAsync((item, _) => ReceivedEvents.AddAsync(stream, item));
    }
}

/// <summary>What the recorder grains received, by stream, in delivery order (redeliveries included).</summary>
internal static class ReceivedEvents
{
    private static readonly ConcurrentDictionary<StreamId, ConcurrentQueue<DomainEvent>> ByStream = new();
    private static readonly ConcurrentDictionary<StreamId, TaskCompletionSource> Holds = new();

    /// <summary>Records the event, then holds its delivery open while the stream is held.</summary>
    public static Task AddAsync(StreamId stream, DomainEvent domainEvent)
    {
        ByStream.GetOrAdd(stream, _ => new()).Enqueue(domainEvent);
        return Holds.TryGetValue(stream, out var hold) ? hold.Task : Task.CompletedTask;
    }

    /// <summary>Keeps the stream's first delivery from completing until disposed, so that nothing after it is delivered.</summary>
    public static IDisposable Hold(string streamNamespace, string key)
    {
        var stream = StreamId.Create(streamNamespace, key);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Holds[stream] = hold;
        return new Release(() =>
        {
            Holds.TryRemove(stream, out _);
            hold.TrySetResult();
        });
    }

    public static IReadOnlyList<DomainEvent> Of(string streamNamespace, string key) =>
        ByStream.TryGetValue(StreamId.Create(streamNamespace, key), out var events) ? [.. events] : [];

    /// <summary>Polls until the stream received <paramref name="count"/> distinct events; returns them once each, in first-delivery order.</summary>
    public static async Task<IReadOnlyList<DomainEvent>> WaitForAsync(string streamNamespace, string key, int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var distinct = Of(streamNamespace, key).DistinctBy(e => e.Id).ToList();
            if (distinct.Count >= count)
                return distinct;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{streamNamespace}/{key} received {distinct.Count} of {count} events in {within.TotalSeconds} s.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);
        }
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
