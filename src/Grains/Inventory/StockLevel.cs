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

/// <summary>What one order holds of a sku. Kept after it ends so that a repeated call answers the same.</summary>
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
/// The stock of one sku: the shelf (onHand) and what orders hold of it. A reservation counts against
/// availability until it expires, exactly: expiry is judged on every call, whether or not a sweep ran.
/// </summary>
[GenerateSerializer, Immutable, Alias("eshop.stock-level.v2")]
public sealed record StockLevel(
    [property: Id(0)] int OnHand,
    [property: Id(1)] ImmutableDictionary<string, OrderHold> Holds)
{
    public static StockLevel Empty { get; } = new(0, ImmutableDictionary<string, OrderHold>.Empty);

    public int Reserved(DateTimeOffset now) => Holds.Values.Where(h => h.IsLive(now)).Sum(h => h.Quantity);

    public int Available(DateTimeOffset now) => OnHand - Reserved(now);

    public bool HasLiveReservations(DateTimeOffset now) => Holds.Values.Any(h => h.IsLive(now));

    /// <summary>An admin count of the shelf; it may never drop below what is promised to orders.</summary>
    public (SetStockStatus Status, StockLevel Level) SetOnHand(int onHand, DateTimeOffset now) => onHand switch
    {
        < 0 => (SetStockStatus.Negative, this),
        _ when onHand < Reserved(now) => (SetStockStatus.BelowReserved, this),
        _ => (SetStockStatus.Updated, this with { OnHand = onHand }),
    };

    public (ReservationOutcome Outcome, StockLevel Level) Reserve(string orderId, int quantity, TimeSpan ttl, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (Holds.TryGetValue(orderId, out var held))
            return (held.Outcome(now), this);

        var fits = Available(now) >= quantity;
        var hold = new OrderHold(quantity, fits ? HoldState.Reserved : HoldState.Refused, now + ttl, now);
        return (hold.Outcome(now), this with { Holds = Holds.SetItem(orderId, hold) });
    }

    public (ReservationOutcome Outcome, StockLevel Level) Commit(string orderId, DateTimeOffset now)
    {
        if (!Holds.TryGetValue(orderId, out var held))
            return (ReservationOutcome.Unknown, this);
        if (held.IsLive(now))
            return (ReservationOutcome.Committed, With(orderId, held, HoldState.Committed, now) with { OnHand = OnHand - held.Quantity });
        return Settle(orderId, held, now);
    }

    /// <summary>Frees a live reservation. An unknown order is remembered as released, so that a late
    /// reservation for it (a retried call overtaken by the release) holds nothing.</summary>
    public (ReservationOutcome Outcome, StockLevel Level) Release(string orderId, DateTimeOffset now)
    {
        if (!Holds.TryGetValue(orderId, out var held))
            return (ReservationOutcome.Released, this with { Holds = Holds.SetItem(orderId, new OrderHold(0, HoldState.Released, now, now)) });
        if (held.IsLive(now))
            return (ReservationOutcome.Released, With(orderId, held, HoldState.Released, now));
        return Settle(orderId, held, now);
    }

    public (ReservationOutcome Outcome, StockLevel Level) Restock(string orderId, DateTimeOffset now)
    {
        if (!Holds.TryGetValue(orderId, out var held))
            return (ReservationOutcome.Unknown, this);
        if (held.State == HoldState.Committed)
            return (ReservationOutcome.Restocked, With(orderId, held, HoldState.Restocked, now) with { OnHand = OnHand + held.Quantity });
        return Settle(orderId, held, now);
    }

    /// <summary>Marks lapsed reservations expired and forgets ended holds older than <paramref name="retention"/>.</summary>
    public StockLevel Sweep(DateTimeOffset now, TimeSpan retention)
    {
        var holds = Holds;
        foreach (var (orderId, hold) in Holds)
        {
            if (hold.State == HoldState.Reserved && !hold.IsLive(now))
                holds = holds.SetItem(orderId, hold with { State = HoldState.Expired, ChangedAt = now });
            else if (hold.State != HoldState.Reserved && hold.ChangedAt + retention < now)
                holds = holds.Remove(orderId);
        }

        return holds == Holds ? this : this with { Holds = holds };
    }

    public StockLevelView ToView(string sku, DateTimeOffset now) => new(sku, OnHand, Reserved(now));

    // A lapsed reservation is recorded as expired on the way; anything else answers what it became.
    private (ReservationOutcome, StockLevel) Settle(string orderId, OrderHold held, DateTimeOffset now) =>
        held.State == HoldState.Reserved
            ? (ReservationOutcome.Expired, With(orderId, held, HoldState.Expired, now))
            : (held.Outcome(now), this);

    private StockLevel With(string orderId, OrderHold held, HoldState state, DateTimeOffset now) =>
        this with { Holds = Holds.SetItem(orderId, held with { State = state, ChangedAt = now }) };
}
