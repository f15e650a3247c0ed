using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Inventory;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Grains.Tests.Inventory;

[Collection(SharedCluster.Name)]
public sealed class ReservationGrainTests(ClusterFixture fixture)
{
    private readonly string _sku = $"SKU-{Guid.NewGuid():N}";

    private IInventoryGrain Stock => fixture.Client.GetGrain<IInventoryGrain>(_sku);

    /// <summary>The state as the storage provider holds it, not as the activation answers it.</summary>
    private Task<StockLevel> Persisted() => fixture.StoredStockAsync(Stock.GetPrimaryKeyString());

    [Fact]
    public async Task Each_call_is_idempotent_per_order_and_a_repeat_answers_the_first_outcome()
    {
        await Stock.SetOnHand(5);

        var first = await Stock.Reserve("ord-a", 3, TimeSpan.FromMinutes(15));
        var again = await Stock.Reserve("ord-a", 3, TimeSpan.FromMinutes(15));
        var refused = await Stock.Reserve("ord-b", 3, TimeSpan.FromMinutes(15));
        var committed = await Stock.Commit("ord-a");
        var committedAgain = await Stock.Commit("ord-a");

        Assert.Equal(
            (ReservationOutcome.Reserved, ReservationOutcome.Reserved, ReservationOutcome.OutOfStock, ReservationOutcome.Committed, ReservationOutcome.Committed),
            (first, again, refused, committed, committedAgain));
        Assert.Equal(new StockLevelView(_sku, 2, 0), await Stock.GetStock());
    }

    [Fact]
    public async Task Expiry_is_exact_on_every_call_and_the_reminder_sweeps_it_with_no_further_calls()
    {
        await Stock.SetOnHand(4);
        Assert.Equal(ReservationOutcome.Reserved, await Stock.Reserve("ord-late", 4, TimeSpan.FromMinutes(15)));
        Assert.Equal(0, (await Stock.GetStock()).Available);
        Assert.Equal(HoldState.Reserved, (await Persisted()).Holds["ord-late"].State);

        // From here the sweep (a reminder every second) may record the expiry at any moment: the call below sees
        // it at once whether or not the sweep has run yet.
        fixture.Time.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(new StockLevelView(_sku, 4, 0), await Stock.GetStock());
        await Shop.Eventually(
            async () => (await Persisted()).Ended.TryGetValue("ord-late", out var hold) && hold.State == HoldState.Expired,
            "the sweep records the expiry");
        // The default retention is a day: the mark is forgotten by a sweep every six hours from now on.
        await Shop.Eventually(async () => await SweepPeriod() == TimeSpan.FromHours(6), "the sweep slows down once nothing is reserved");
        Assert.Empty((await Persisted()).Holds);
        Assert.Equal(ReservationOutcome.Expired, await Stock.Commit("ord-late"));
    }

    [Fact]
    public async Task The_sweep_forgets_ended_holds_after_the_retention()
    {
        await Stock.SetOnHand(4);
        Assert.Equal(ReservationOutcome.Reserved, await Stock.Reserve("ord-gone", 1, TimeSpan.FromMinutes(15)));
        Assert.Equal(ReservationOutcome.Committed, await Stock.Commit("ord-gone"));
        // Keeps the sweep brisk: it is reserved for longer than the retention.
        Assert.Equal(ReservationOutcome.Reserved, await Stock.Reserve("ord-long", 1, TimeSpan.FromDays(3)));
        Assert.True((await Persisted()).Ended.ContainsKey("ord-gone"));

        fixture.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        await Shop.Eventually(async () => (await Persisted()).Ended.IsEmpty, "the sweep forgets the committed hold");
        Assert.Equal(["ord-long"], (await Persisted()).Holds.Keys);
        Assert.Equal(new StockLevelView(_sku, 3, 1), await Stock.GetStock());
        Assert.Equal(ReservationOutcome.Unknown, await Stock.Commit("ord-gone"));
    }

    [Fact]
    public async Task A_reservation_registers_the_sweep_reminder()
    {
        await Stock.SetOnHand(1);
        Assert.Equal(0, await ReminderCount());

        await Stock.Reserve("ord-r", 1, TimeSpan.FromMinutes(15));

        Assert.Equal(1, await ReminderCount());
    }

    private async Task<int> ReminderCount()
    {
        var table = fixture.SiloServices.GetRequiredService<IReminderTable>();
        return (await table.ReadRows(Stock.GetGrainId())).Reminders.Count;
    }

    private async Task<TimeSpan?> SweepPeriod()
    {
        var table = fixture.SiloServices.GetRequiredService<IReminderTable>();
        return (await table.ReadRows(Stock.GetGrainId())).Reminders.SingleOrDefault()?.Period;
    }
}
