using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;
using EShop.Grains.Discounts;

namespace EShop.Grains.Tests.Discounts;

public sealed class RedemptionsTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(15);
    private static readonly Money Subtotal = new(5000, "usd");

    private static Redemptions Code(int? max = null, DateTimeOffset? from = null, DateTimeOffset? until = null, Money? minimum = null) =>
        Redemptions.Create(new DiscountTerms("SAVE10", 10, null, max, from, until, minimum), Now);

    private static Redemptions Reserved(Redemptions redemptions, string orderId, DateTimeOffset? at = null)
    {
        var (outcome, next) = redemptions.Reserve(orderId, Subtotal, Ttl, at ?? Now);
        Assert.Equal(RedemptionOutcome.Reserved, outcome);
        return next;
    }

    [Fact]
    public void A_reservation_is_idempotent_per_order()
    {
        var once = Reserved(Code(max: 1), "o1");

        var (outcome, twice) = once.Reserve("o1", Subtotal, Ttl, Now.AddMinutes(1));

        Assert.Equal(RedemptionOutcome.Reserved, outcome);
        Assert.Equal(1, twice.Reserved(Now));
    }

    [Fact]
    public void Held_and_redeemed_together_never_exceed_max_redemptions()
    {
        var (_, committed) = Reserved(Code(max: 2), "o1").Commit("o1", Now);
        var held = Reserved(committed, "o2");

        var (outcome, after) = held.Reserve("o3", Subtotal, Ttl, Now);

        Assert.Equal(RedemptionOutcome.Exhausted, outcome);
        Assert.Equal((1, 1), (after.Redeemed, after.Reserved(Now)));
    }

    [Fact]
    public void A_released_hold_frees_its_redemption_for_another_order()
    {
        var (released, next) = Reserved(Code(max: 1), "o1").Release("o1", Now);

        Assert.Equal(RedemptionOutcome.Released, released);
        Assert.Equal(RedemptionOutcome.Reserved, next.Reserve("o2", Subtotal, Ttl, Now).Outcome);
    }

    [Fact]
    public void An_abandoned_hold_lapses_after_the_ttl_and_frees_its_redemption()
    {
        var held = Reserved(Code(max: 1), "o1");
        Assert.Equal(RedemptionOutcome.Exhausted, held.Reserve("o2", Subtotal, Ttl, Now.AddMinutes(14)).Outcome);

        var later = Now + Ttl;
        var (outcome, next) = held.Reserve("o2", Subtotal, Ttl, later);

        Assert.Equal(RedemptionOutcome.Reserved, outcome);
        Assert.Equal(RedemptionOutcome.Lapsed, next.Commit("o1", later).Outcome);
        Assert.Equal(RedemptionOutcome.Lapsed, next.Reserve("o1", Subtotal, Ttl, later).Outcome);
    }

    [Fact]
    public void A_commit_counts_the_redemption_once_and_a_release_after_it_changes_nothing()
    {
        var (first, committed) = Reserved(Code(max: 5), "o1").Commit("o1", Now);
        var (again, repeated) = committed.Commit("o1", Now);
        var (release, released) = repeated.Release("o1", Now);

        Assert.Equal((RedemptionOutcome.Committed, RedemptionOutcome.Committed, RedemptionOutcome.Committed), (first, again, release));
        Assert.Equal((1, 0), (released.Redeemed, released.Reserved(Now)));
    }

    [Fact]
    public void A_release_before_any_reservation_keeps_a_late_reservation_of_that_order_from_holding()
    {
        var (_, released) = Code(max: 1).Release("o1", Now);

        var (outcome, next) = released.Reserve("o1", Subtotal, Ttl, Now);

        Assert.Equal(RedemptionOutcome.Released, outcome);
        Assert.Equal(0, next.Reserved(Now));
    }

    [Fact]
    public void A_code_outside_its_window_or_a_subtotal_below_its_minimum_is_refused_and_nothing_is_held()
    {
        Assert.Equal(RedemptionOutcome.NotYetValid, Code(from: Now.AddDays(1)).Reserve("o1", Subtotal, Ttl, Now).Outcome);
        Assert.Equal(RedemptionOutcome.Expired, Code(until: Now).Reserve("o1", Subtotal, Ttl, Now).Outcome);
        var (outcome, next) = Code(minimum: new Money(5001, "usd")).Reserve("o1", Subtotal, Ttl, Now);
        Assert.Equal(RedemptionOutcome.BelowMinimum, outcome);
        Assert.Empty(next.Holds);
    }

    [Fact]
    public void The_sweep_records_lapsed_holds_and_forgets_ended_marks_after_the_retention()
    {
        var (_, committed) = Reserved(Reserved(Code(), "o1"), "o2").Commit("o1", Now);

        var swept = committed.Sweep(Now + Ttl, TimeSpan.FromHours(1));
        var forgotten = swept.Sweep(Now + Ttl + TimeSpan.FromHours(2), TimeSpan.FromHours(1));

        Assert.Equal(RedemptionState.Lapsed, swept.Holds["o2"].State);
        Assert.Empty(forgotten.Holds);
        Assert.Equal(1, forgotten.Redeemed);
    }

    [Theory]
    [InlineData(10, null, 1999, 199)]
    [InlineData(15, null, 999, 149)]
    [InlineData(100, null, 2500, 2500)]
    [InlineData(null, 500L, 2500, 500)]
    [InlineData(null, 5000L, 2500, 2500)]
    public void A_percent_is_rounded_down_to_minor_units_and_an_amount_is_capped_at_the_subtotal(int? percent, long? amountOff, long subtotal, long expected)
    {
        var terms = new DiscountTerms("X10", percent, amountOff is { } a ? new Money(a, "usd") : null, null, null, null, null);

        Assert.Equal(expected, DiscountRules.AmountOff(terms, new Money(subtotal, "usd")));
    }

    [Fact]
    public void An_amount_in_another_currency_or_below_the_minimum_takes_nothing()
    {
        var amount = new DiscountTerms("X10", null, new Money(500, "usd"), null, null, null, null);
        var minimum = new DiscountTerms("X10", 10, null, null, null, null, new Money(3000, "usd"));

        Assert.Equal(0, DiscountRules.AmountOff(amount, new Money(2500, "eur")));
        Assert.Equal(0, DiscountRules.AmountOff(minimum, new Money(2999, "usd")));
        Assert.Equal(300, DiscountRules.AmountOff(minimum, new Money(3000, "usd")));
    }

    [Theory]
    [InlineData(" welcome10 ", "WELCOME10")]
    [InlineData("Cafe", "CAFE")]
    [InlineData("ab", null)]
    [InlineData("-ABC", null)]
    [InlineData("SPRING_SALE", null)]
    public void Codes_are_case_insensitive_and_stored_in_upper_case(string code, string? normalized)
    {
        Assert.Equal(normalized, DiscountRules.Normalize(code));
    }
}
