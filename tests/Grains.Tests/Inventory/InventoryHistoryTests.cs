using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Inventory;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Orders;
using EShop.Grains.Tests.Users;

namespace EShop.Grains.Tests.Inventory;

/// <summary>What a sku keeps of its past: the live reservations and the recent ended marks, never the history.</summary>
[Collection(SharedCluster.Name)]
public sealed class InventoryHistoryTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(15);

    private readonly string _sku = $"SKU-{Guid.NewGuid():N}";

    private IInventoryGrain Stock => fixture.Client.GetGrain<IInventoryGrain>(_sku);

    private Task<StockLevel> Persisted() => Persisted(Stock);

    private Task<StockLevel> Persisted(IInventoryGrain stock) => fixture.StoredStockAsync(stock.GetPrimaryKeyString());

    [Fact]
    public async Task Orders_that_end_confirmed_failed_or_cancelled_leave_no_mark_on_the_sku_once_it_writes_again()
    {
        var shop = new Shop(fixture);
        var sku = await shop.StockedSku(onHand: 10);
        var stock = fixture.Client.GetGrain<IInventoryGrain>(sku);
        var confirmed = (await shop.Checkout(Accounts.NewUserId(), "pm_card_visa", (sku, 2))).Order!.OrderId;
        var declined = (await shop.Checkout(Accounts.NewUserId(), "pm_card_chargeDeclinedInsufficientFunds", (sku, 1))).Order!.OrderId;
        var cancelled = (await shop.Checkout(Accounts.NewUserId(), "pm_card_visa", (sku, 3))).Order!.OrderId;
        Assert.Equal(OrderStatus.Confirmed, (await shop.Settled(confirmed)).Status);
        Assert.Equal(OrderStatus.Failed, (await shop.Settled(declined)).Status);
        Assert.Equal(OrderStatus.Confirmed, (await shop.Settled(cancelled)).Status);
        Assert.Equal(OrderActionStatus.Done, (await shop.Order(cancelled).Cancel()).Status);
        await shop.Settled(cancelled, o => o.History.Count == 3);

        // The marker: a later sale's write carries whatever the sku still remembers, and comes after every Forget.
        await Shop.Eventually(async () =>
        {
            Assert.Equal(ReservationOutcome.Reserved, await stock.Reserve($"ord_{Guid.NewGuid():N}", 1, Ttl));
            var stored = await Persisted(stock);
            return !stored.Ended.Keys.Intersect([confirmed, declined, cancelled]).Any();
        }, "the ended marks of the three orders leave the stored state");
        var level = await stock.GetStock();
        Assert.Equal(10 - 2, level.OnHand);
    }

    [Fact]
    public async Task Thousands_of_sales_leave_only_the_recent_ended_marks_in_the_stored_state()
    {
        const int Rounds = 5, PerRound = 1_000;
        await Stock.SetOnHand(Rounds * PerRound + 1);
        // Keeps the sweep brisk throughout (it slows down once nothing is reserved).
        Assert.Equal(ReservationOutcome.Reserved, await Stock.Reserve("ord-long", 1, TimeSpan.FromDays(5)));
        var largest = 0;

        for (var round = 0; round < Rounds; round++)
        {
            // 13 hours apart: with the default retention of a day, a round's marks outlive the next round only.
            if (round > 0)
            {
                fixture.Time.Advance(TimeSpan.FromHours(13));
                await Shop.Eventually(async () => (await Persisted()).Ended.Count <= PerRound, "the sweep forgets the marks older than a day");
            }

            var orders = Enumerable.Range(0, PerRound).Select(i => $"ord-{round}-{i}").ToList();
            Assert.All(await Task.WhenAll(orders.Select(o => Stock.Reserve(o, 1, Ttl))), o => Assert.Equal(ReservationOutcome.Reserved, o));
            Assert.All(await Task.WhenAll(orders.Select(Stock.Commit)), o => Assert.Equal(ReservationOutcome.Committed, o));
            var stored = await Persisted();
            largest = Math.Max(largest, stored.Holds.Count + stored.Ended.Count);
        }

        var level = await Persisted();
        Assert.Equal(["ord-long"], level.Holds.Keys);
        Assert.All(level.Ended.Keys, o => Assert.Matches("^ord-[34]-", o));
        // 5,001 holds ever, at most the live one and two rounds of marks at a time.
        Assert.Equal(1 + (2 * PerRound), largest);
        Assert.Equal(new StockLevelView(_sku, 1, 1), await Stock.GetStock());
    }

    [Fact]
    public async Task A_refusal_is_never_written_yet_a_repeat_in_the_activation_answers_it_again()
    {
        await Stock.SetOnHand(1);
        Assert.Equal(ReservationOutcome.Reserved, await Stock.Reserve("ord-first", 1, Ttl));
        var writes = fixture.StorageFaults.Writes("inventory", _sku);

        var refusals = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Stock.Reserve($"ord-late-{i}", 1, Ttl)));
        var released = await Stock.Release("ord-late-0");
        await Stock.SetOnHand(100);
        var repeat = await Stock.Reserve("ord-late-1", 1, Ttl);

        Assert.All(refusals, o => Assert.Equal(ReservationOutcome.OutOfStock, o));
        Assert.Equal((ReservationOutcome.OutOfStock, ReservationOutcome.OutOfStock), (released, repeat));
        // The count of the shelf is the only write; the stored state knows of no refusal.
        Assert.Equal(writes + 1, fixture.StorageFaults.Writes("inventory", _sku));
        var stored = await Persisted();
        Assert.Equal(["ord-first"], stored.Holds.Keys);
        Assert.Empty(stored.Ended);
    }

    [Fact]
    public async Task A_restock_by_quantity_after_the_commit_was_forgotten_puts_the_units_back_exactly_once()
    {
        await Stock.SetOnHand(10);
        // Keeps the sweep brisk through the retention, so that it does forget the commit.
        Assert.Equal(ReservationOutcome.Reserved, await Stock.Reserve("ord-long", 1, TimeSpan.FromDays(3)));
        Assert.Equal(ReservationOutcome.Reserved, await Stock.Reserve("ord-sold", 4, Ttl));
        Assert.Equal(ReservationOutcome.Committed, await Stock.Commit("ord-sold"));
        fixture.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await Shop.Eventually(async () => !(await Persisted()).Ended.ContainsKey("ord-sold"), "the sweep forgets the commit");
        Assert.Equal(ReservationOutcome.Unknown, await Stock.Restock("ord-sold"));

        var restocked = await Stock.Restock("ord-sold", 4);
        var repeated = await Stock.Restock("ord-sold", 4);
        var byOrder = await Stock.Restock("ord-sold");

        Assert.Equal((ReservationOutcome.Restocked, ReservationOutcome.Restocked, ReservationOutcome.Restocked), (restocked, repeated, byOrder));
        Assert.Equal(new StockLevelView(_sku, 10, 1), await Stock.GetStock());
        Assert.Equal(10, (await Persisted()).OnHand);
    }
}
