using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;

namespace EShop.Grains.Inventory;

/// <summary>
/// Stock as operators watch it, recorded by the sku grains of this silo: reservation outcomes (a refusal is a
/// stock-out seen by a customer), reservations that lapsed unpaid (a stuck payment or an abandoned order), the
/// reservations held right now, and the hottest skus of the last minute. Per-sku series only for those few, so that a
/// large catalog does not become a large number of series. Names are a contract with docker/'s dashboards and alerts.
/// </summary>
public sealed class InventoryMetrics
{
    public const string MeterName = "EShop.Inventory";

    /// <summary>How many skus the hot-sku gauge reports, per silo.</summary>
    public const int HotSkus = 10;

    private static readonly TimeSpan HotWindow = TimeSpan.FromMinutes(1);

    private readonly Counter<long> _reservations;
    private readonly Counter<long> _expired;
    private readonly ShopClock _clock;
    private readonly Lock _rotation = new();
    private ConcurrentDictionary<string, long> _window = new(StringComparer.Ordinal);
    private DateTimeOffset _windowStart;
    private KeyValuePair<string, long>[] _hottest = [];
    private long _live;

    public InventoryMetrics(IMeterFactory meters, ShopClock clock)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _windowStart = clock.UtcNow;
        var meter = meters.Create(MeterName);
        _reservations = meter.CreateCounter<long>("eshop.inventory.reservations", "{reservation}",
            "Reservation requests by outcome: reserved, or out_of_stock (a stock-out a customer met).");
        _expired = meter.CreateCounter<long>("eshop.inventory.reservations.expired", "{reservation}",
            "Reservations that lapsed at their deadline without a commit or release: stuck payments or lost orders.");
        // Zero from the start, so that an alert's rate() has a series to read before the first lapse.
        _expired.Add(0);
        meter.CreateObservableUpDownCounter("eshop.inventory.reservations.live", () => Interlocked.Read(ref _live), "{reservation}",
            "Reservations held right now by the skus active on this silo.");
        meter.CreateObservableGauge("eshop.inventory.hot_sku.reservations", Hottest, "{reservation}",
            $"Reservations in the last full minute of the {HotSkus} busiest skus on this silo.");
    }

    public void Reserved(string sku, ReservationOutcome outcome)
    {
        _reservations.Add(1, new KeyValuePair<string, object?>("outcome", outcome == ReservationOutcome.OutOfStock ? "out_of_stock" : "reserved"));
        if (outcome != ReservationOutcome.Reserved)
            return;
        if (_clock.UtcNow - _windowStart >= HotWindow)
            Rotate();
        _window.AddOrUpdate(sku, 1, static (_, n) => n + 1);
    }

    public void Expired(long count)
    {
        if (count > 0)
            _expired.Add(count);
    }

    /// <summary>A sku's count of live reservations moved by <paramref name="delta"/> (an activation adds its count, its end takes it back).</summary>
    public void LiveChanged(long delta)
    {
        if (delta != 0)
            Interlocked.Add(ref _live, delta);
    }

    private IEnumerable<Measurement<long>> Hottest()
    {
        Rotate();
        return [.. Volatile.Read(ref _hottest).Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("sku", kv.Key)))];
    }

    /// <summary>Once a minute has passed, the window's busiest skus become the ones reported and a new window starts.</summary>
    private void Rotate()
    {
        lock (_rotation)
        {
            var now = _clock.UtcNow;
            if (now - _windowStart < HotWindow)
                return;
            var ended = Interlocked.Exchange(ref _window, new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
            // A minute with nothing in it reports nothing: the gauge shows the last full minute, not an old one.
            Volatile.Write(ref _hottest, [.. ended.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(HotSkus)]);
            _windowStart = now;
        }
    }
}
