using System.Collections.Immutable;
using EShop.Grains.Abstractions.Inventory;

namespace EShop.Grains.Inventory;

public enum HoldState
{
    Reserved,
    Refused,
    Committed,
    Released,
    Expired,
    Restocked,
}

/// <summary>What one order holds of a sku. Kept a while after it ends so that a repeated call answers the same.</summary>
[GenerateSerializer, Immutable, Alias("eshop.order-hold.v1")]
public sealed record OrderHold(
    [property: Id(0)] int Quantity,
    [property: Id(1)] HoldState State,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] DateTimeOffset ChangedAt)
{
    public bool IsLive(DateTimeOffset now) => State == HoldState.Reserved && now < ExpiresAt;

    public ReservationOutcome Outcome(DateTimeOffset now) => State switch
    {
        HoldState.Reserved => IsLive(now) ? ReservationOutcome.Reserved : ReservationOutcome.Expired,
        HoldState.Refused => ReservationOutcome.OutOfStock,
        HoldState.Committed => ReservationOutcome.Committed,
        HoldState.Released => ReservationOutcome.Released,
        HoldState.Expired => ReservationOutcome.Expired,
        _ => ReservationOutcome.Restocked,
    };
}

/// <summary>
/// The stock of one sku: the shelf (onHand), the reservations (<see cref="Holds"/>, only state Reserved) and the
/// marks of recently ended holds (<see cref="Ended"/>), kept for a retention so that repeated calls answer the same.
/// History is only touched by <see cref="Sweep"/>; availability is O(1): the reserved total is kept with the
/// reservations, and they are scanned only once a reservation may have lapsed (then the lapsed ones are recorded as
/// expired on the way). A reservation counts against availability until it expires, exactly: expiry is judged on
/// every call, whether or not a sweep ran. Refusals take nothing and are not part of the level (see
/// <see cref="RecentRefusals"/>).
/// </summary>
/// <remarks>
/// v2 kept every hold in <see cref="Holds"/>: its stored JSON still loads (Ended is then empty) and
/// <see cref="Normalized"/> moves the ended holds where they belong and drops the refusals.
/// </remarks>
[GenerateSerializer, Immutable, Alias("eshop.stock-level.v3")]
public sealed record StockLevel(
    [property: Id(0)] int OnHand,
    [property: Id(1)] ImmutableDictionary<string, OrderHold> Holds,
    ImmutableDictionary<string, OrderHold>? Ended = null)
{
    public static StockLevel Empty { get; } = new(0, ImmutableDictionary<string, OrderHold>.Empty, ImmutableDictionary<string, OrderHold>.Empty);

    // Derived from Holds and kept with it; recomputed (O(reservations)) whenever Holds was replaced without it.
    [NonSerialized]
    private Tally? _tally;

    // Reservations this level and its predecessors saw lapse since it was loaded: the grain meters the difference.
    [NonSerialized]
    private long _lapsedSinceLoad;

    /// <summary>How many reservations lapsed on the way from the loaded level to this one (not stored).</summary>
    public long LapsedSinceLoad => _lapsedSinceLoad;

    // Null only when read from a v2 document, which had no such field.
    [Id(2)]
    public ImmutableDictionary<string, OrderHold> Ended { get; init; } = Ended ?? ImmutableDictionary<string, OrderHold>.Empty;

    private Tally Reservations => _tally is { } tally && ReferenceEquals(tally.Of, Holds) ? tally : _tally = Tally.Count(Holds);

    public int Reserved(DateTimeOffset now)
    {
        var tally = Reservations;
        if (now < tally.NoLapseBefore)
            return tally.Total;
        var reserved = 0;
        foreach (var hold in Holds.Values)
        {
            if (hold.IsLive(now))
                reserved += hold.Quantity;
        }

        return reserved;
    }

    public int Available(DateTimeOffset now) => OnHand - Reserved(now);

    public bool HasLiveReservations(DateTimeOffset now) => Reserved(now) > 0;

    /// <summary>The level in this version's shape: only reservations in <see cref="Holds"/>, no refusals anywhere.</summary>
    public StockLevel Normalized()
    {
        if (Holds.Values.All(h => h.State == HoldState.Reserved) && Ended.Values.All(h => h.State != HoldState.Refused))
            return this;
        var ended = Ended.ToBuilder();
        foreach (var (orderId, hold) in Holds.Where(h => h.Value.State is not HoldState.Reserved and not HoldState.Refused))
            ended[orderId] = hold;
        foreach (var orderId in Ended.Where(h => h.Value.State == HoldState.Refused).Select(h => h.Key))
            ended.Remove(orderId);
        return new StockLevel(OnHand, Holds.RemoveRange(Holds.Where(h => h.Value.State != HoldState.Reserved).Select(h => h.Key)), ended.ToImmutable());
    }

    /// <summary>An admin count of the shelf; it may never drop below what is promised to orders.</summary>
    public (SetStockStatus Status, StockLevel Level) SetOnHand(int onHand, DateTimeOffset now) => onHand switch
    {
        < 0 => (SetStockStatus.Negative, this),
        _ when onHand < Reserved(now) => (SetStockStatus.BelowReserved, this),
        _ => (SetStockStatus.Updated, this with { OnHand = onHand }),
    };

    /// <summary>Holds the units if they are available; a refusal (OutOfStock) takes nothing.</summary>
    public (ReservationOutcome Outcome, StockLevel Level) Reserve(string orderId, int quantity, TimeSpan ttl, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        var level = Lapsed(now);
        if (level.Find(orderId) is { } held)
            return (held.Outcome(now), level);
        if (level.Available(now) < quantity)
            return (ReservationOutcome.OutOfStock, level);
        var hold = new OrderHold(quantity, HoldState.Reserved, now + ttl, now);
        var tally = level.Reservations;
        var holds = level.Holds.SetItem(orderId, hold);
        var added = new Tally(holds, tally.Total + quantity, hold.ExpiresAt < tally.NoLapseBefore ? hold.ExpiresAt : tally.NoLapseBefore);
        return (ReservationOutcome.Reserved, level with { Holds = holds, _tally = added });
    }

    public (ReservationOutcome Outcome, StockLevel Level) Commit(string orderId, DateTimeOffset now)
    {
        var level = Lapsed(now);
        if (level.Find(orderId) is not { } held)
            return (ReservationOutcome.Unknown, level);
        if (held.IsLive(now))
            return (ReservationOutcome.Committed, level.End(orderId, held, HoldState.Committed, now) with { OnHand = OnHand - held.Quantity });
        return level.Settle(orderId, held, now);
    }

    /// <summary>Frees a live reservation. An unknown order is remembered as released, so that a late
    /// reservation for it (a retried call overtaken by the release) holds nothing.</summary>
    public (ReservationOutcome Outcome, StockLevel Level) Release(string orderId, DateTimeOffset now)
    {
        var level = Lapsed(now);
        if (level.Find(orderId) is not { } held)
            return (ReservationOutcome.Released, level with { Ended = level.Ended.SetItem(orderId, new OrderHold(0, HoldState.Released, now, now)) });
        if (held.IsLive(now))
            return (ReservationOutcome.Released, level.End(orderId, held, HoldState.Released, now));
        return level.Settle(orderId, held, now);
    }

    /// <summary>Puts back the units of a committed hold this level still remembers.</summary>
    public (ReservationOutcome Outcome, StockLevel Level) Restock(string orderId, DateTimeOffset now)
    {
        var level = Lapsed(now);
        if (level.Find(orderId) is not { } held)
            return (ReservationOutcome.Unknown, level);
        if (held.State == HoldState.Committed)
            return (ReservationOutcome.Restocked, level.End(orderId, held, HoldState.Restocked, now) with { OnHand = OnHand + held.Quantity });
        return level.Settle(orderId, held, now);
    }

    /// <summary>
    /// Puts back <paramref name="quantity"/> units that the caller knows were committed (its own durable state
    /// proves it), whether or not the committed hold is still remembered; a Restocked mark makes a repeat a no-op.
    /// A release mark with nothing held (a Release that came after the hold was forgotten) is no proof against it.
    /// </summary>
    public (ReservationOutcome Outcome, StockLevel Level) Restock(string orderId, int quantity, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        var level = Lapsed(now);
        var held = level.Find(orderId);
        if (held is null || held is { State: HoldState.Released, Quantity: 0 })
        {
            var restocked = new OrderHold(quantity, HoldState.Restocked, now, now);
            return (ReservationOutcome.Restocked, level with { OnHand = OnHand + quantity, Ended = level.Ended.SetItem(orderId, restocked) });
        }

        return level.Restock(orderId, now);
    }

    /// <summary>Forgets the ended mark of one order; a live reservation stays.</summary>
    public StockLevel Forget(string orderId) =>
        Ended.ContainsKey(orderId) ? this with { Ended = Ended.Remove(orderId) } : this;

    /// <summary>Marks lapsed reservations expired and forgets ended holds older than <paramref name="retention"/>.</summary>
    public StockLevel Sweep(DateTimeOffset now, TimeSpan retention)
    {
        var level = Lapsed(now);
        var forgotten = level.Ended.Where(h => h.Value.ChangedAt + retention < now).Select(h => h.Key).ToList();
        return forgotten.Count == 0 ? level : level with { Ended = level.Ended.RemoveRange(forgotten) };
    }

    public StockLevelView ToView(string sku, DateTimeOffset now) => new(sku, OnHand, Reserved(now));

    public bool Equals(StockLevel? other) =>
        other is not null && OnHand == other.OnHand && Holds == other.Holds && Ended == other.Ended;

    public override int GetHashCode() => HashCode.Combine(OnHand, Holds, Ended);

    /// <summary>The level with its lapsed reservations recorded as expired: a scan, only once one may have lapsed.</summary>
    private StockLevel Lapsed(DateTimeOffset now)
    {
        if (now < Reservations.NoLapseBefore)
            return this;
        var lapsed = Holds.Where(h => h.Value.State == HoldState.Reserved && !h.Value.IsLive(now)).ToList();
        var ended = Ended.SetItems(lapsed.Select(h => KeyValuePair.Create(h.Key, h.Value with { State = HoldState.Expired, ChangedAt = now })));
        var holds = Holds.RemoveRange(lapsed.Select(h => h.Key));
        return this with { Holds = holds, Ended = ended, _tally = Tally.Count(holds), _lapsedSinceLoad = _lapsedSinceLoad + lapsed.Count };
    }

    private OrderHold? Find(string orderId) =>
        Holds.TryGetValue(orderId, out var held) || Ended.TryGetValue(orderId, out held) ? held : null;

    // A lapsed reservation is recorded as expired on the way; anything else answers what it became.
    private (ReservationOutcome, StockLevel) Settle(string orderId, OrderHold held, DateTimeOffset now) =>
        held.State == HoldState.Reserved
            ? (ReservationOutcome.Expired, End(orderId, held, HoldState.Expired, now))
            : (held.Outcome(now), this);

    // The bound stays: still no later than the earliest expiry left, so a scan may come early, never late.
    private StockLevel End(string orderId, OrderHold held, HoldState state, DateTimeOffset now)
    {
        var tally = Reservations;
        var holds = Holds.Remove(orderId);
        return this with
        {
            Holds = holds,
            Ended = Ended.SetItem(orderId, held with { State = state, ChangedAt = now }),
            _tally = new Tally(holds, tally.Total - held.Quantity, tally.NoLapseBefore),
        };
    }

    /// <summary>The reserved total of <paramref name="Of"/>, exact while no reservation lapsed, which none did before <paramref name="NoLapseBefore"/>.</summary>
    private sealed record Tally(ImmutableDictionary<string, OrderHold> Of, int Total, DateTimeOffset NoLapseBefore)
    {
        public static Tally Count(ImmutableDictionary<string, OrderHold> holds)
        {
            var (total, earliest) = (0, DateTimeOffset.MaxValue);
            foreach (var hold in holds.Values.Where(h => h.State == HoldState.Reserved))
                (total, earliest) = (total + hold.Quantity, hold.ExpiresAt < earliest ? hold.ExpiresAt : earliest);
            return new Tally(holds, total, earliest);
        }
    }
}
