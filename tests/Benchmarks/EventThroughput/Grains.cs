using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EShop.Grains;
using EShop.Grains.Abstractions.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace EShop.Benchmarks.EventThroughput;

public interface IBurstGrain : IGrainWithStringKey
{
    Task Publish(int count);
}

/// <summary>Publishes events on its own stream one after another, each awaited as a grain's outbox does.</summary>
public sealed class BurstGrain : Grain, IBurstGrain
{
    public async Task Publish(int count)
    {
        var key = this.GetPrimaryKeyString();
        var stream = this.GetStreamProvider(StreamProviders.Events).GetStream<DomainEvent>(StreamId.Create(EventStreams.Inventory, key));
        for (var i = 0; i < count; i++)
        {
            var now = DateTimeOffset.UtcNow;
            await stream.OnNextAsync(new DomainEvent(Guid.CreateVersion7().ToString(), "eshop.bench.v1", EventStreams.SourceOf(EventStreams.Inventory), key, now, null,
                string.Create(CultureInfo.InvariantCulture, $"{{\"n\":{i},\"sentTicks\":{Stopwatch.GetTimestamp()}}}")));
        }
    }
}

public interface ICountingGrain : IGrainWithStringKey;

[ImplicitStreamSubscription(EventStreams.Inventory)]
public sealed class CountingGrain(Arrivals arrivals) : Grain, ICountingGrain, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) => await handleFactory.Create<DomainEvent>().ResumeAsync((item, _) => OnEvent(item));

    private Task OnEvent(DomainEvent item)
    {
        arrivals.Arrived(item);
        return Task.CompletedTask;
    }
}

public sealed class Arrivals
{
    private int _remaining;
    private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentBag<double> Latencies { get; } = [];

    public async Task Wait(TimeSpan within, string what)
    {
        try
        {
            await _all.Task.WaitAsync(within);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what}: {Volatile.Read(ref _remaining)} events still missing after {within}");
        }
    }

    public void Expect(int count)
    {
        Latencies.Clear();
        _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _remaining, count);
    }

    public void Arrived(DomainEvent item)
    {
        var sent = long.Parse(item.Data[(item.Data.IndexOf("\"sentTicks\":", StringComparison.Ordinal) + 12)..^1], CultureInfo.InvariantCulture);
        Latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        if (Interlocked.Decrement(ref _remaining) == 0)
            _all.TrySetResult();
    }
}
