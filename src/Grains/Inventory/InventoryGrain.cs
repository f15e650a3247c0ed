using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Events;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace EShop.Grains.Inventory;

[GenerateSerializer, Alias("eshop.inventory-state.v1")]
public sealed class InventoryState
{
    [Id(0)]
    public StockLevel Level { get; set; } = StockLevel.Empty;

    [Id(1)]
    public List<DomainEvent> Outbox { get; set; } = [];
}

public sealed class InventoryGrain(
    [PersistentState("inventory", StorageNames.Inventory)] IPersistentState<InventoryState> state,
    ShopClock clock,
    IOptions<InventoryOptions> options,
    OutboxServices outboxServices) : Grain, IInventoryGrain, IRemindable
{
    internal const string SweepReminder = "reservation-sweep";

    private bool _sweepScheduled;

    private string Sku => this.GetPrimaryKeyString();

    private EventOutbox? _outbox;

    private StockLevel Level => state.State.Level;

    private EventOutbox Outbox => _outbox ??= new EventOutbox(this, () => state.State.Outbox, state.WriteStateAsync, outboxServices);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        _sweepScheduled = await this.GetReminder(SweepReminder, cancellationToken) is not null;
    }

    public Task<StockLevelView> GetStock() => Task.FromResult(Level.ToView(Sku, clock.UtcNow));

    public async Task<SetStockResult> SetOnHand(int onHand)
    {
        var (status, level) = Level.SetOnHand(onHand, clock.UtcNow);
        // The first count is written even when it is zero, so that the sku counts as stocked from then on.
        if (status == SetStockStatus.Updated && (level != Level || !state.RecordExists))
            await Save(level);
        return new SetStockResult(status, Level.ToView(Sku, clock.UtcNow));
    }

    public async Task<bool> StockIfNew(int onHand)
    {
        if (state.RecordExists)
            return false;
        return (await SetOnHand(onHand)).Status == SetStockStatus.Updated;
    }

    public async Task<ReservationOutcome> Reserve(string orderId, int quantity, TimeSpan ttl)
    {
        var (outcome, level) = Level.Reserve(orderId, quantity, ttl, clock.UtcNow);
        if (outcome != ReservationOutcome.Reserved)
        {
            // A refusal is remembered in memory only: it takes nothing, so if it is lost with the activation a
            // repeat may simply be answered afresh. In a flash sale this halves the writes on the hottest grain.
            state.State.Level = level;
            return outcome;
        }

        await Save(level);
        await ScheduleSweep();
        return outcome;
    }

    public Task<ReservationOutcome> Commit(string orderId) => Apply(Level.Commit(orderId, clock.UtcNow));

    public Task<ReservationOutcome> Release(string orderId) => Apply(Level.Release(orderId, clock.UtcNow));

    public Task<ReservationOutcome> Restock(string orderId) => Apply(Level.Restock(orderId, clock.UtcNow));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == EventOutbox.ReminderName)
            Outbox.Publish();
        if (reminderName != SweepReminder)
            return;
        var now = clock.UtcNow;
        var swept = Level.Sweep(now, options.Value.HoldRetention);
        if (swept != Level)
            await Save(swept);
        if (!Level.HasLiveReservations(now))
        {
            // Nothing left to expire: the reminder goes until the next reservation brings it back.
            if (await this.GetReminder(SweepReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
            _sweepScheduled = false;
        }
    }

    private async Task<ReservationOutcome> Apply((ReservationOutcome Outcome, StockLevel Level) result)
    {
        if (result.Level != Level)
            await Save(result.Level);
        return result.Outcome;
    }

    private async Task Save(StockLevel level)
    {
        var now = clock.UtcNow;
        var threshold = options.Value.LowStockThreshold;
        var (before, after) = (Level.Available(now), level.Available(now));
        state.State.Level = level;
        // Once per crossing, not on every sale below the line: the warehouse needs one nudge, not a stream.
        if (before >= threshold && after < threshold && state.RecordExists)
            Outbox.Record(EventStreams.Inventory, EventTypes.InventoryLowStock, Sku, new LowStockV1(Sku, after, threshold));
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

        Outbox.Publish();
    }

    private async Task ScheduleSweep()
    {
        if (_sweepScheduled)
            return;
        var interval = options.Value.SweepInterval;
        await this.RegisterOrUpdateReminder(SweepReminder, interval, interval);
        _sweepScheduled = true;
    }
}
