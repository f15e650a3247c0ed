using System.Collections.Concurrent;
using EShop.Grains.Payments;
using Microsoft.Extensions.DependencyInjection;
using EShop.Tests.Doubles;
using Orleans.Storage;

namespace EShop.Grains.Tests.Infrastructure;

/// <summary>A storage error injected by a test, as PostgreSQL's "too many clients" reaches a grain.</summary>
public sealed class SimulatedStorageFaultException(string message) : Exception(message);

/// <summary>
/// Fails chosen grain-state writes once: the Nth write of one state name ("payment", "inventory", "order") for one
/// grain key, before it reaches storage. Armed per key, so that tests sharing the cluster never trip each other.
/// Also counts every write it sees, can make chosen keys' writes take as long as a database round trip, and can hold a
/// grain right after its write reached storage.
/// </summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<(string StateName, string Key), int> _armed = new();
    private readonly ConcurrentDictionary<(string StateName, string Key), int> _writes = new();
    private readonly ConcurrentDictionary<(string StateName, string Key), TimeSpan> _slow = new();

    public ConcurrentBag<(string StateName, string Key)> Fired { get; } = [];

    /// <summary>The <paramref name="nth"/> write from now of <paramref name="stateName"/> for the grain keyed <paramref name="key"/> fails.</summary>
    public void FailWrite(string stateName, string key, int nth = 1) => _armed[(stateName, key)] = nth;

    public bool HasFired(string stateName, string key) => Fired.Contains((stateName, key));

    private readonly ConcurrentDictionary<(string StateName, string Key), CallPauses.Pause> _pauses = new();

    /// <summary>
    /// The next write of <paramref name="stateName"/> for the grain keyed <paramref name="key"/> reaches storage, then
    /// holds its grain (which has not seen it succeed yet) until the test releases it.
    /// </summary>
    public CallPauses.Pause PauseAfterWrite(string stateName, string key)
    {
        var pause = new CallPauses.Pause();
        if (!_pauses.TryAdd((stateName, key), pause))
            throw new InvalidOperationException($"A pause after the write of {stateName} of {key} is already armed.");
        return pause;
    }

    internal Task AfterWrite(string stateName, GrainId grainId) =>
        _pauses.TryRemove((stateName, grainId.Key.ToString()!), out var pause) ? pause.HoldAsync() : Task.CompletedTask;

    /// <summary>The writes of <paramref name="stateName"/> for the grain keyed <paramref name="key"/> so far, failed ones included.</summary>
    public int Writes(string stateName, string key) => _writes.GetValueOrDefault((stateName, key));

    /// <summary>Every write from now of <paramref name="stateName"/> for <paramref name="key"/> takes <paramref name="latency"/> more.</summary>
    public void SlowWrites(string stateName, string key, TimeSpan latency) => _slow[(stateName, key)] = latency;

    internal TimeSpan LatencyOf(string stateName, GrainId grainId) =>
        _slow.GetValueOrDefault((stateName, grainId.Key.ToString()!));

    internal void BeforeWrite(string stateName, GrainId grainId)
    {
        var slot = (stateName, grainId.Key.ToString()!);
        _writes.AddOrUpdate(slot, 1, (_, count) => count + 1);
        if (!_armed.TryGetValue(slot, out var remaining))
            return;
        if (remaining > 1)
        {
            _armed[slot] = remaining - 1;
            return;
        }

        if (_armed.TryRemove(slot, out _))
        {
            Fired.Add(slot);
            throw new SimulatedStorageFaultException($"Simulated storage fault writing {stateName} of {grainId}.");
        }
    }
}

/// <summary>A grain storage that asks <see cref="StorageFaults"/> before and after every write it passes on.</summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        faults.BeforeWrite(stateName, grainId);
        if (faults.LatencyOf(stateName, grainId) is { Ticks: > 0 } latency)
            await Task.Delay(latency);
        await inner.WriteStateAsync(stateName, grainId, grainState);
        await faults.AfterWrite(stateName, grainId);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    /// <summary>Wraps the named storage providers already registered in <paramref name="services"/>.</summary>
    public static void Decorate(IServiceCollection services, StorageFaults faults, params string[] names)
    {
        foreach (var name in names)
        {
            var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
            var factory = registered.KeyedImplementationFactory
                ?? throw new InvalidOperationException($"Grain storage {name} is not registered through a factory.");
            services.Remove(registered);
            services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new FaultyGrainStorage((IGrainStorage)factory(sp, key), faults));
        }
    }
}

/// <summary>The memory ledger, except that the next charge record of a chosen order fails as a database error would.</summary>
public sealed class FaultyLedger : IPaymentLedger
{
    private readonly MemoryPaymentLedger _inner = new();
    private readonly ConcurrentDictionary<string, byte> _failNext = new(StringComparer.Ordinal);

    public void FailNextChargeOf(string orderId) => _failNext[orderId] = 0;

    public bool IsArmedFor(string orderId) => _failNext.ContainsKey(orderId);

    public Task RecordChargeAsync(LedgerCharge charge, CancellationToken cancellationToken = default) =>
        _failNext.TryRemove(charge.OrderId, out _)
            ? throw new SimulatedStorageFaultException($"Simulated ledger fault recording the charge of {charge.OrderId}.")
            : _inner.RecordChargeAsync(charge, cancellationToken);

    public Task RecordRefundAsync(string orderId, string paymentIntentId, string refundId, CancellationToken cancellationToken = default) =>
        _inner.RecordRefundAsync(orderId, paymentIntentId, refundId, cancellationToken);

    public Task<IReadOnlyList<LedgerCharge>> ChargesAsync(string orderId, CancellationToken cancellationToken = default) =>
        _inner.ChargesAsync(orderId, cancellationToken);
}
