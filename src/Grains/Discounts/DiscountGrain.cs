using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;
using EShop.Grains.Inventory;
using Microsoft.Extensions.Options;
using EShop.Grains.Common;

namespace EShop.Grains.Discounts;

[GenerateSerializer, Alias("eshop.discount-state.v1")]
public sealed class DiscountState
{
    /// <summary>Null until the code is created.</summary>
    [Id(0)]
    public Redemptions? Redemptions { get; set; }
}

/// <summary>
/// One discount code: a thin shell around <see cref="Redemptions"/>. Not reentrant, so concurrent checkouts take
/// their redemptions one after another and none oversells the code. Holds lapse with the stock reservations' TTL
/// (the order passes what is left of its deadline) and are judged on every call; the sweep reminder, kept only
/// while there are holds or marks, records lapsed holds and forgets ended marks after Inventory:HoldRetention.
/// Stored with the orders, the context whose checkouts redeem it.
/// </summary>
public sealed class DiscountGrain(
    [PersistentState("discount", StorageNames.Orders)] IPersistentState<DiscountState> state,
    ShopClock clock,
    IOptions<InventoryOptions> options) : Grain, IDiscountGrain, IRemindable
{
    internal const string SweepReminder = "discount-sweep";

    private bool _sweepScheduled;

    // As at a sku: a refusal takes nothing and is never written, and remembering it lets the failed order's
    // compensating Release answer without a write (in a race for a hot code, most of the calls).
    private readonly RecentRefusals _refusals = new();

    private Redemptions? Current => state.State.Redemptions;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _sweepScheduled = await this.GetReminder(SweepReminder, cancellationToken) is not null;

    public async Task<DiscountCreateResult> Create(DiscountTerms terms)
    {
        var now = clock.UtcNow;
        if (Current is { } existing)
            return new DiscountCreateResult(DiscountCreateStatus.Exists, existing.ToView(now));
        await Save(Redemptions.Create(terms, now));
        return new DiscountCreateResult(DiscountCreateStatus.Created, Current!.ToView(now));
    }

    public Task<Discount?> GetDiscount() => Task.FromResult(Current?.ToView(clock.UtcNow));

    public async Task<RedemptionOutcome> Reserve(string orderId, Money subtotal, TimeSpan ttl)
    {
        var outcome = await Apply(current => current.Reserve(orderId, subtotal, ttl, clock.UtcNow));
        if (outcome is RedemptionOutcome.NotYetValid or RedemptionOutcome.Expired or RedemptionOutcome.Exhausted or RedemptionOutcome.BelowMinimum)
            _refusals.Add(orderId);
        return outcome;
    }

    public Task<RedemptionOutcome> Commit(string orderId) => Apply(current => current.Commit(orderId, clock.UtcNow));

    public Task<RedemptionOutcome> Release(string orderId) =>
        _refusals.Contains(orderId) && Current?.Holds.ContainsKey(orderId) == false
            ? Task.FromResult(RedemptionOutcome.Released)
            : Apply(current => current.Release(orderId, clock.UtcNow));

    /// <summary>In memory only: the next write (of any change) stores the redemptions without the mark.</summary>
    public Task Forget(string orderId)
    {
        if (Current is { } current)
            state.State.Redemptions = current.Forget(orderId);
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SweepReminder)
            return;
        if (Current is { } current)
            await Save(current.Sweep(clock.UtcNow, options.Value.HoldRetention));
        if (Current is null || Current.Holds.IsEmpty)
        {
            if (await this.GetReminder(SweepReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
            _sweepScheduled = false;
        }
    }

    private async Task<RedemptionOutcome> Apply(Func<Redemptions, (RedemptionOutcome Outcome, Redemptions Next)> decide)
    {
        if (Current is not { } current)
            return RedemptionOutcome.Unknown;
        var (outcome, next) = decide(current);
        await Save(next);
        if (!next.Holds.IsEmpty && !_sweepScheduled)
        {
            var period = options.Value.SweepInterval;
            await this.RegisterOrUpdateReminderEvery(SweepReminder, period);
            _sweepScheduled = true;
        }

        return outcome;
    }

    /// <summary>Writes a real change; a failed write drops the activation, so the next call answers from storage.</summary>
    private async Task Save(Redemptions next)
    {
        var previous = Current;
        if (next == previous)
            return;
        state.State.Redemptions = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Redemptions = previous;
            DeactivateOnIdle();
            throw;
        }
    }
}
