using System.Collections.Immutable;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Inventory;

namespace EShop.Grains.Tests.Inventory;

public sealed class StockLevelTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(15);

    private static StockLevel Shelf(int onHand) => StockLevel.Empty with { OnHand = onHand };

    private static StockLevel Reserved(StockLevel level, string orderId, int quantity)
    {
        var (outcome, next) = level.Reserve(orderId, quantity, Ttl, Now);
        Assert.Equal(ReservationOutcome.Reserved, outcome);
        return next;
    }

    [Fact]
    public void Setting_on_hand_replaces_the_count_and_keeps_reservations()
    {
        var level = Reserved(Shelf(10), "o1", 3);

        var (status, after) = level.SetOnHand(25, Now);

        Assert.Equal(SetStockStatus.Updated, status);
        Assert.Equal((25, 3, 22), (after.OnHand, after.Reserved(Now), after.Available(Now)));
    }

    [Fact]
    public void A_negative_count_is_refused_and_the_level_is_unchanged()
    {
        var before = Shelf(10);
        Assert.Equal((SetStockStatus.Negative, before), before.SetOnHand(-1, Now));
    }

    [Fact]
    public void A_count_below_what_is_reserved_is_refused()
    {
        var before = Reserved(Shelf(10), "o1", 6);
        Assert.Equal((SetStockStatus.BelowReserved, before), before.SetOnHand(5, Now));
    }

    [Fact]
    public void A_count_below_a_lapsed_reservation_is_accepted()
    {
        var level = Reserved(Shelf(10), "o1", 6);
        Assert.Equal(SetStockStatus.Updated, level.SetOnHand(5, Now + Ttl).Status);
    }

    [Fact]
    public void A_reservation_beyond_what_is_available_is_refused_and_leaves_the_level_as_it_was()
    {
        var level = Reserved(Shelf(5), "o1", 4);

        var (outcome, after) = level.Reserve("o2", 2, Ttl, Now);
        var (repeat, _) = after.SetOnHand(100, Now).Level.Reserve("o2", 2, Ttl, Now);

        Assert.Equal(ReservationOutcome.OutOfStock, outcome);
        Assert.Same(level, after);
        // Nothing remembers a refusal in the level (the grain does, in memory): a repeat is answered afresh.
        Assert.Equal(ReservationOutcome.Reserved, repeat);
    }

    [Fact]
    public void A_repeated_reservation_answers_the_first_outcome_and_holds_nothing_more()
    {
        var level = Reserved(Shelf(5), "o1", 4);

        var (outcome, after) = level.Reserve("o1", 4, Ttl, Now);

        Assert.Equal(ReservationOutcome.Reserved, outcome);
        Assert.Same(level, after);
        Assert.Equal(1, after.Available(Now));
    }

    [Fact]
    public void Commit_takes_the_units_off_the_shelf_once()
    {
        var level = Reserved(Shelf(5), "o1", 2);

        var (first, committed) = level.Commit("o1", Now);
        var (second, again) = committed.Commit("o1", Now);

        Assert.Equal((ReservationOutcome.Committed, ReservationOutcome.Committed), (first, second));
        Assert.Equal((3, 0, 3), (again.OnHand, again.Reserved(Now), again.Available(Now)));
    }

    [Fact]
    public void A_reservation_expires_exactly_at_its_ttl_and_cannot_be_committed_after()
    {
        var level = Reserved(Shelf(5), "o1", 5);

        Assert.Equal(0, level.Available(Now + Ttl - TimeSpan.FromTicks(1)));
        Assert.Equal(5, level.Available(Now + Ttl));
        var (outcome, after) = level.Commit("o1", Now + Ttl);
        Assert.Equal(ReservationOutcome.Expired, outcome);
        Assert.Equal(5, after.OnHand);
    }

    [Fact]
    public void Release_frees_the_units_and_a_release_before_the_reservation_blocks_it()
    {
        var level = Reserved(Shelf(5), "o1", 5);

        var (released, freed) = level.Release("o1", Now);
        var (early, tombstoned) = freed.Release("o2", Now);
        var (late, after) = tombstoned.Reserve("o2", 1, Ttl, Now);

        Assert.Equal((ReservationOutcome.Released, ReservationOutcome.Released, ReservationOutcome.Released), (released, early, late));
        Assert.Equal(5, after.Available(Now));
    }

    [Fact]
    public void Release_leaves_committed_units_sold_and_restock_returns_them_once()
    {
        var (_, committed) = Reserved(Shelf(5), "o1", 2).Commit("o1", Now);

        var (release, stillSold) = committed.Release("o1", Now);
        var (restock, back) = stillSold.Restock("o1", Now);
        var (again, same) = back.Restock("o1", Now);

        Assert.Equal((ReservationOutcome.Committed, ReservationOutcome.Restocked, ReservationOutcome.Restocked), (release, restock, again));
        Assert.Equal(3, stillSold.OnHand);
        Assert.Equal(5, same.OnHand);
    }

    [Fact]
    public void Sweep_marks_lapsed_reservations_expired_and_forgets_old_ended_holds()
    {
        var level = Reserved(Reserved(Shelf(10), "lapsing", 3), "live", 2);
        var later = Now + Ttl - TimeSpan.FromMinutes(1);
        level = level with { Holds = level.Holds.SetItem("live", level.Holds["live"] with { ExpiresAt = Now + Ttl + Ttl }) };

        var swept = level.Sweep(Now + Ttl, TimeSpan.FromDays(1));
        var forgotten = swept.Sweep(Now + Ttl + TimeSpan.FromDays(2), TimeSpan.FromDays(1));

        Assert.Equal(5, level.Available(later));
        Assert.Equal(HoldState.Expired, swept.Ended["lapsing"].State);
        Assert.Equal(["live"], swept.Holds.Keys);
        Assert.True(swept.HasLiveReservations(Now + Ttl));
        Assert.False(forgotten.Ended.ContainsKey("lapsing"));
        Assert.Equal(2, swept.Reserved(Now + Ttl));
    }

    [Fact]
    public void Ended_holds_leave_the_reservations_so_that_a_call_never_looks_at_history()
    {
        var level = Shelf(100);
        for (var i = 0; i < 50; i++)
            level = Reserved(level, $"o{i}", 1).Commit($"o{i}", Now).Level;
        level = Reserved(level, "live", 2);

        Assert.Equal(["live"], level.Holds.Keys);
        Assert.Equal(50, level.Ended.Count);
        Assert.Equal((50, 2, 48), (level.OnHand, level.Reserved(Now), level.Available(Now)));
        Assert.Equal(ReservationOutcome.Committed, level.Commit("o7", Now).Outcome);
    }

    [Fact]
    public void A_restock_by_quantity_puts_the_units_back_once_after_the_commit_was_forgotten()
    {
        var (_, committed) = Reserved(Shelf(5), "o1", 2).Commit("o1", Now);
        var forgotten = committed.Sweep(Now + TimeSpan.FromDays(2), TimeSpan.FromDays(1));

        var (restock, back) = forgotten.Restock("o1", 2, Now + TimeSpan.FromDays(2));
        var (again, same) = back.Restock("o1", 2, Now + TimeSpan.FromDays(2));

        Assert.Equal((ReservationOutcome.Unknown, forgotten), forgotten.Restock("o1", Now + TimeSpan.FromDays(2)));
        Assert.Equal((ReservationOutcome.Restocked, ReservationOutcome.Restocked), (restock, again));
        Assert.Equal((3, 5, 5), (forgotten.OnHand, back.OnHand, same.OnHand));
        Assert.Equal(HoldState.Restocked, same.Ended["o1"].State);
    }

    [Fact]
    public void A_restock_by_quantity_of_a_remembered_commit_returns_what_was_committed_once()
    {
        var (_, committed) = Reserved(Shelf(5), "o1", 2).Commit("o1", Now);

        var (restock, back) = committed.Restock("o1", 2, Now);
        var (byOrder, same) = back.Restock("o1", Now);

        Assert.Equal((ReservationOutcome.Restocked, ReservationOutcome.Restocked), (restock, byOrder));
        Assert.Equal((5, 5), (back.OnHand, same.OnHand));
    }

    // A Release that reached the sku after it forgot the commit leaves a mark with nothing held: no proof against it.
    [Fact]
    public void A_restock_by_quantity_after_a_release_of_a_forgotten_commit_still_puts_the_units_back()
    {
        var (_, committed) = Reserved(Shelf(5), "o1", 2).Commit("o1", Now);
        var later = Now + TimeSpan.FromDays(2);
        var released = committed.Sweep(later, TimeSpan.FromDays(1)).Release("o1", later).Level;

        var (restock, back) = released.Restock("o1", 2, later);

        Assert.Equal((ReservationOutcome.Restocked, 5), (restock, back.OnHand));
        Assert.Equal(5, back.Restock("o1", 2, later).Level.OnHand);
    }

    [Fact]
    public void A_level_of_the_v2_shape_keeps_its_reservations_and_moves_its_ended_holds()
    {
        var hold = new OrderHold(2, HoldState.Reserved, Now + Ttl, Now);
        var v2 = new StockLevel(9, ImmutableDictionary<string, OrderHold>.Empty
            .Add("live", hold)
            .Add("sold", hold with { State = HoldState.Committed })
            .Add("refused", hold with { State = HoldState.Refused }));

        var level = v2.Normalized();

        Assert.Equal(["live"], level.Holds.Keys);
        Assert.Equal(["sold"], level.Ended.Keys);
        Assert.Equal((9, 2), (level.OnHand, level.Reserved(Now)));
        Assert.Same(level, level.Normalized());
    }

    [Fact]
    public void The_first_call_after_a_reservation_lapsed_records_it_as_expired_and_counts_it_no_more()
    {
        var level = Reserved(Reserved(Shelf(10), "early", 3), "o2", 1);
        level = level.Reserve("late", 2, Ttl + Ttl, Now).Level;
        var (committed, after) = level.Commit("early", Now);

        var lapsed = after.Reserve("o3", 1, Ttl, Now + Ttl);

        Assert.Equal(ReservationOutcome.Committed, committed);
        Assert.Equal((4, 3), (after.Available(Now + Ttl - TimeSpan.FromTicks(1)), after.Reserved(Now)));
        Assert.Equal(ReservationOutcome.Reserved, lapsed.Outcome);
        Assert.Equal(["late", "o3"], lapsed.Level.Holds.Keys.Order());
        Assert.Equal(HoldState.Expired, lapsed.Level.Ended["o2"].State);
        Assert.Equal((3, 4), (lapsed.Level.Reserved(Now + Ttl), lapsed.Level.Available(Now + Ttl)));
        Assert.Equal(ReservationOutcome.Expired, lapsed.Level.Commit("o2", Now + Ttl).Outcome);
    }
}
