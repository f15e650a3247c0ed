using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Events;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace EShop.Grains.Inventory;

[GenerateSerializer, Alias("eshop.inventory-state.v1")]
public sealed class InventoryState
{
    [Id(0)]
    public StockLevel Level { get; set; } = StockLevel.Empty;

    [Id(1)]
    public List<DomainEvent> Outbox { get; set; } = [];
}

/// <summary>
/// The stock of one sku. Reentrant so that a hot sku writes once per batch, not once per call: every call changes
/// the level in memory within one turn (no await between reading and changing it, so nothing is oversold), then
/// waits for a write that holds its change (<see cref="WriteBatcher"/>) before it answers.
/// </summary>
[Reentrant]
public sealed partial class InventoryGrain(
    [PersistentState("inventory", StorageNames.Inventory)] IPersistentState<InventoryState> state,
    ShopClock clock,
    IOptions<InventoryOptions> options,
    OutboxServices outboxServices,
    InventoryMetrics metrics) : Grain, IInventoryGrain, IRemindable
{
    // Ahead of storage while a batch waits or is written.
    private StockLevel _level = StockLevel.Empty;

    // As of the last successful write: what reads answer, so that nobody sees a change before it is stored.
    private StockLevel _stored = StockLevel.Empty;

    private List<DomainEvent> _events = [];

    // The events recorded by this activation when the last successful write took its copy.
    private long _recordedAtStored;

    // Whether the sku has a stored record or a change on its way to one.
    private bool _exists;

    private readonly RecentRefusals _refusals = new();

    private WriteBatcher? _writer;

    private EventOutbox? _outbox;

    private string Sku => this.GetPrimaryKeyString();

    private WriteBatcher Writer => _writer ??= new WriteBatcher(WriteBatch);

    private EventOutbox Outbox => _outbox ??= new EventOutbox(this, () => _events, Writer.Changed, outboxServices);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _level = _stored = state.State.Level.Normalized();
        _events = state.State.Outbox;
        _exists = state.RecordExists;
        metrics.LiveChanged(_level.Holds.Count);
        Outbox.Resume();
        await FindSweep(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.LiveChanged(-_level.Holds.Count);
        return Task.CompletedTask;
    }

    public Task<StockLevelView> GetStock() => Task.FromResult(_stored.ToView(Sku, clock.UtcNow));

    public async Task<SetStockResult> SetOnHand(int onHand)
    {
        var (status, level) = _level.SetOnHand(onHand, clock.UtcNow);
        // The first count is written even when it is zero, so that the sku counts as stocked from then on.
        await (status == SetStockStatus.Updated && (level != _level || !_exists) ? Change(level) : Writer.Settled());
        return new SetStockResult(status, _stored.ToView(Sku, clock.UtcNow));
    }

    public async Task<bool> StockIfNew(int onHand)
    {
        if (_exists)
        {
            await Writer.Settled();
            return false;
        }

        return (await SetOnHand(onHand)).Status == SetStockStatus.Updated;
    }

    public async Task<ReservationOutcome> Reserve(string orderId, int quantity, TimeSpan ttl)
    {
        var repeat = _refusals.Contains(orderId);
        var (outcome, level) = repeat ? (ReservationOutcome.OutOfStock, _level) : _level.Reserve(orderId, quantity, ttl, clock.UtcNow);
        if (outcome == ReservationOutcome.OutOfStock)
            _refusals.Add(orderId);
        // A repeat (a retry, or a saga resumed after a crash) is not another customer's request.
        if (!repeat && (outcome == ReservationOutcome.OutOfStock || !_level.Holds.ContainsKey(orderId) && level.Holds.ContainsKey(orderId)))
            metrics.Reserved(Sku, outcome);
        // A refusal waits too: it rests on reservations that may still be on their way to storage.
        await Apply(level);
        if (outcome == ReservationOutcome.Reserved)
            await EnsureSweep();
        return outcome;
    }

    public Task<ReservationOutcome> Commit(string orderId) =>
        _refusals.Contains(orderId) ? Answer(ReservationOutcome.OutOfStock) : Apply(_level.Commit(orderId, clock.UtcNow));

    public Task<ReservationOutcome> Release(string orderId) =>
        _refusals.Contains(orderId) ? Answer(ReservationOutcome.OutOfStock) : Apply(_level.Release(orderId, clock.UtcNow));

    public Task<ReservationOutcome> Restock(string orderId) =>
        _refusals.Contains(orderId) ? Answer(ReservationOutcome.OutOfStock) : Apply(_level.Restock(orderId, clock.UtcNow));

    public Task<ReservationOutcome> Restock(string orderId, int quantity) => Apply(_level.Restock(orderId, quantity, clock.UtcNow));

    /// <summary>Drops the order's ended mark in memory only: the next write (of any change) stores the level without it.</summary>
    public Task Forget(string orderId)
    {
        _level = _level.Forget(orderId);
        return Task.CompletedTask;
    }

    private async Task<ReservationOutcome> Apply((ReservationOutcome Outcome, StockLevel Level) result)
    {
        var changed = result.Level != _level;
        await Apply(result.Level);
        if (changed)
            await EnsureSweep();
        return result.Outcome;
    }

    private Task Apply(StockLevel level) => level != _level ? Change(level) : Writer.Settled();

    private async Task<ReservationOutcome> Answer(ReservationOutcome outcome)
    {
        await Writer.Settled();
        return outcome;
    }

    /// <summary>Takes the new level in memory now, and completes once a write holds it.</summary>
    private Task Change(StockLevel level)
    {
        var now = clock.UtcNow;
        var threshold = options.Value.LowStockThreshold;
        var (before, after) = (_level.Available(now), level.Available(now));
        // Once per crossing, not on every sale below the line: the warehouse needs one nudge, not a stream.
        if (before >= threshold && after < threshold && _exists)
            Outbox.Record(EventStreams.Inventory, EventTypes.InventoryLowStock, Sku, new LowStockV1(Sku, after, threshold));
        metrics.LiveChanged(level.Holds.Count - _level.Holds.Count);
        metrics.Expired(level.LapsedSinceLoad - _level.LapsedSinceLoad);
        _level = level;
        _exists = true;
        return Writer.Changed();
    }

    /// <summary>One write of everything changed so far; calls go on changing <see cref="_level"/> meanwhile.</summary>
    private async Task WriteBatch()
    {
        var level = _level;
        var recorded = Outbox.Recorded;
        state.State = new InventoryState { Level = level, Outbox = [.. _events] };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The level in memory is now ahead of storage (e.g. a commit that a repeat would find done and not
            // write again): drop the activation so that the next call starts from what storage holds.
            DeactivateOnIdle();
            throw;
        }

        (_stored, _recordedAtStored) = (level, recorded);
        Outbox.Publish(recorded);
    }
}
