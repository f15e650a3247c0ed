using System.Diagnostics.Metrics;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Inventory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EShop.Grains.Tests.Inventory;

public sealed class InventoryMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InventoryMetrics _metrics;
    private readonly MetricCollector<long> _hot;

    public InventoryMetricsTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _metrics = new InventoryMetrics(meters, new ShopClock(_time));
        _hot = new MetricCollector<long>(meters, InventoryMetrics.MeterName, "eshop.inventory.hot_sku.reservations");
    }

    private Dictionary<string, long> Hottest()
    {
        _hot.Clear();
        _hot.RecordObservableInstruments();
        return _hot.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["sku"]!, m => m.Value);
    }

    [Fact]
    public void The_hot_skus_are_the_busiest_ten_of_the_last_full_minute_and_refusals_do_not_count()
    {
        for (var sku = 0; sku < 12; sku++)
        {
            for (var n = 0; n <= sku; n++)
                _metrics.Reserved($"SKU-{sku:00}", ReservationOutcome.Reserved);
        }

        _metrics.Reserved("SKU-REFUSED", ReservationOutcome.OutOfStock);

        Assert.Empty(Hottest());
        _time.Advance(TimeSpan.FromSeconds(61));
        var hottest = Hottest();

        Assert.Equal(Enumerable.Range(2, 10).ToDictionary(sku => $"SKU-{sku:00}", sku => (long)sku + 1), hottest);
        // The next minute starts empty: with no reservation in it, the one after reports nothing.
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Empty(Hottest());
    }

    [Fact]
    public void Reservations_live_and_expired_follow_what_the_skus_report()
    {
        using var live = new MetricCollector<long>(_services.GetRequiredService<IMeterFactory>(), InventoryMetrics.MeterName, "eshop.inventory.reservations.live");
        using var expired = new MetricCollector<long>(_services.GetRequiredService<IMeterFactory>(), InventoryMetrics.MeterName, "eshop.inventory.reservations.expired");
        using var reservations = new MetricCollector<long>(_services.GetRequiredService<IMeterFactory>(), InventoryMetrics.MeterName, "eshop.inventory.reservations");

        _metrics.LiveChanged(5);
        _metrics.LiveChanged(-2);
        _metrics.Expired(0);
        _metrics.Expired(3);
        _metrics.Reserved("SKU-1", ReservationOutcome.OutOfStock);
        live.RecordObservableInstruments();

        Assert.Equal(3, live.LastMeasurement!.Value);
        Assert.Equal([3], expired.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal("out_of_stock", Assert.Single(reservations.GetMeasurementSnapshot()).Tags["outcome"]);
    }

    public void Dispose()
    {
        _hot.Dispose();
        _services.Dispose();
    }
}
