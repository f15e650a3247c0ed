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
    public void A_reservation_beyond_what_is_available_is_refused_and_remembered()
    {
        var level = Reserved(Shelf(5), "o1", 4);

        var (outcome, after) = level.Reserve("o2", 2, Ttl, Now);
        var (repeat, _) = after.SetOnHand(100, Now).Level.Reserve("o2", 2, Ttl, Now);

        Assert.Equal(ReservationOutcome.OutOfStock, outcome);
        Assert.Equal(ReservationOutcome.OutOfStock, repeat);
        Assert.Equal(4, after.Reserved(Now));
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
        Assert.Equal(HoldState.Expired, swept.Holds["lapsing"].State);
        Assert.True(swept.HasLiveReservations(Now + Ttl));
        Assert.False(forgotten.Holds.ContainsKey("lapsing"));
        Assert.Equal(2, swept.Reserved(Now + Ttl));
    }
}
