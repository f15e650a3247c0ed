using System.Collections.Immutable;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;

namespace EShop.Grains.Discounts;

public enum RedemptionState
{
    Reserved,
    Committed,
    Released,
    Lapsed,
}

/// <summary>One order's redemption of a code; kept a while after it ends so that a repeated call answers the same.</summary>
[GenerateSerializer, Immutable, Alias("eshop.redemption-hold.v1")]
public sealed record RedemptionHold(
    [property: Id(0)] RedemptionState State,
    [property: Id(1)] DateTimeOffset ExpiresAt,
    [property: Id(2)] DateTimeOffset ChangedAt)
{
    public bool IsLive(DateTimeOffset now) => State == RedemptionState.Reserved && now < ExpiresAt;

    public RedemptionOutcome Outcome(DateTimeOffset now) => State switch
    {
        RedemptionState.Reserved => IsLive(now) ? RedemptionOutcome.Reserved : RedemptionOutcome.Lapsed,
        RedemptionState.Committed => RedemptionOutcome.Committed,
        RedemptionState.Released => RedemptionOutcome.Released,
        _ => RedemptionOutcome.Lapsed,
    };
}

/// <summary>
/// A code's terms and its redemptions, as <c>StockLevel</c> is a sku's stock: <see cref="Redeemed"/> counts the
/// committed ones (confirmed orders); <see cref="Holds"/> holds the live reservations and the marks of ended ones.
/// Redeemed plus live reservations never exceeds maxRedemptions. A reservation counts until it expires, exactly:
/// expiry is judged on every call, whether or not a sweep ran. Refusals take nothing and leave no mark.
/// </summary>
[GenerateSerializer, Immutable, Alias("eshop.redemptions.v1")]
public sealed record Redemptions(
    [property: Id(0)] DiscountTerms Terms,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] int Redeemed,
    [property: Id(3)] ImmutableDictionary<string, RedemptionHold> Holds)
{
    public static Redemptions Create(DiscountTerms terms, DateTimeOffset now) =>
        new(terms, now, 0, ImmutableDictionary.Create<string, RedemptionHold>(StringComparer.Ordinal));

    public int Reserved(DateTimeOffset now) => Holds.Values.Count(h => h.IsLive(now));

    public bool HasLiveReservations(DateTimeOffset now) => Holds.Values.Any(h => h.IsLive(now));

    /// <summary>Holds one redemption for the order, unless the code is outside its window, the subtotal below its minimum, or it is exhausted.</summary>
    public (RedemptionOutcome Outcome, Redemptions Next) Reserve(string orderId, Money subtotal, TimeSpan ttl, DateTimeOffset now)
    {
        var next = Lapsed(now);
        if (next.Holds.TryGetValue(orderId, out var held))
            return (held.Outcome(now), next);
        if (DiscountRules.Refusal(Terms, subtotal, now) is { } refusal)
            return (refusal, next);
        if (Terms.MaxRedemptions is { } max && next.Redeemed + next.Reserved(now) >= max)
            return (RedemptionOutcome.Exhausted, next);
        return (RedemptionOutcome.Reserved, next with { Holds = next.Holds.SetItem(orderId, new RedemptionHold(RedemptionState.Reserved, now + ttl, now)) });
    }

    /// <summary>Turns a live hold into a redemption. Unknown when the order holds nothing here.</summary>
    public (RedemptionOutcome Outcome, Redemptions Next) Commit(string orderId, DateTimeOffset now)
    {
        var next = Lapsed(now);
        if (!next.Holds.TryGetValue(orderId, out var held))
            return (RedemptionOutcome.Unknown, next);
        if (!held.IsLive(now))
            return (held.Outcome(now), next);
        return (RedemptionOutcome.Committed, next with { Redeemed = next.Redeemed + 1, Holds = next.End(orderId, held, RedemptionState.Committed, now) });
    }

    /// <summary>Frees a live hold. An unknown order is remembered as released, so that a late reservation for it (a retry overtaken by the release) holds nothing.</summary>
    public (RedemptionOutcome Outcome, Redemptions Next) Release(string orderId, DateTimeOffset now)
    {
        var next = Lapsed(now);
        if (!next.Holds.TryGetValue(orderId, out var held))
            return (RedemptionOutcome.Released, next with { Holds = next.Holds.SetItem(orderId, new RedemptionHold(RedemptionState.Released, now, now)) });
        if (!held.IsLive(now))
            return (held.Outcome(now), next);
        return (RedemptionOutcome.Released, next with { Holds = next.End(orderId, held, RedemptionState.Released, now) });
    }

    /// <summary>Records lapsed holds and forgets ended marks older than <paramref name="retention"/> (committed ones stay counted in <see cref="Redeemed"/>).</summary>
    public Redemptions Sweep(DateTimeOffset now, TimeSpan retention)
    {
        var next = Lapsed(now);
        var forgotten = next.Holds.Where(h => h.Value.State != RedemptionState.Reserved && h.Value.ChangedAt + retention < now).Select(h => h.Key).ToList();
        return forgotten.Count == 0 ? next : next with { Holds = next.Holds.RemoveRange(forgotten) };
    }

    /// <summary>Drops the order's ended mark; a live hold stays.</summary>
    public Redemptions Forget(string orderId) =>
        Holds.TryGetValue(orderId, out var held) && held.State != RedemptionState.Reserved ? this with { Holds = Holds.Remove(orderId) } : this;

    public Discount ToView(DateTimeOffset now) => new(
        Terms.Code, Terms.PercentOff, Terms.AmountOff, Terms.MaxRedemptions, Terms.ValidFrom, Terms.ValidUntil, Terms.MinSubtotal,
        Redeemed, Reserved(now), CreatedAt);

    /// <summary>These redemptions with every lapsed hold recorded as such (the same instance when none lapsed).</summary>
    private Redemptions Lapsed(DateTimeOffset now)
    {
        var lapsed = Holds.Where(h => h.Value.State == RedemptionState.Reserved && !h.Value.IsLive(now)).ToList();
        if (lapsed.Count == 0)
            return this;
        return this with
        {
            Holds = Holds.SetItems(lapsed.Select(h => KeyValuePair.Create(h.Key, h.Value with { State = RedemptionState.Lapsed, ChangedAt = now }))),
        };
    }

    private ImmutableDictionary<string, RedemptionHold> End(string orderId, RedemptionHold held, RedemptionState state, DateTimeOffset now) =>
        Holds.SetItem(orderId, held with { State = state, ChangedAt = now });
}
