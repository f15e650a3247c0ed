using System.Diagnostics.Metrics;
using EShop.Grains.Abstractions.Orders;

namespace EShop.Grains.Orders;

/// <summary>
/// The checkout funnel, recorded by the order grain where the saga decides: orders placed, each public status an
/// order reaches (failures by reason), how long a checkout took from placement to its outcome, and how long each saga
/// step took. Instrument names are a contract with the dashboards and alerts in docker/ (see docs/operations.md).
/// </summary>
public sealed class OrderMetrics
{
    public const string MeterName = "EShop.Orders";

    private readonly Counter<long> _placed;
    private readonly Counter<long> _reached;
    private readonly Histogram<double> _checkout;
    private readonly Histogram<double> _step;

    public OrderMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _placed = meter.CreateCounter<long>("eshop.orders.placed", "{order}", "Orders accepted (POST /api/orders answered 202 for a new order).");
        _reached = meter.CreateCounter<long>("eshop.orders.status_changes", "{order}",
            "Orders that reached a status after Pending: Confirmed, Failed (with its reason), Cancelled, Shipped, Delivered.");
        _checkout = meter.CreateHistogram<double>("eshop.checkout.duration", "s", "From placement to Confirmed or Failed.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900] });
        _step = meter.CreateHistogram<double>("eshop.checkout.step.duration", "s", "One saga step: reserve, pay, commit or compensate.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
    }

    public void Placed() => _placed.Add(1);

    /// <summary>A status reached after Pending; <paramref name="reason"/> is the failure reason of a Failed order.</summary>
    public void Reached(string status, string? reason) =>
        _reached.Add(1, new KeyValuePair<string, object?>("status", status), new KeyValuePair<string, object?>("reason", reason ?? ""));

    /// <summary>A checkout that settled: <paramref name="status"/> is Confirmed or Failed.</summary>
    public void Settled(string status, TimeSpan sincePlaced)
    {
        if (status is OrderStatus.Confirmed or OrderStatus.Failed)
            _checkout.Record(sincePlaced.TotalSeconds, new KeyValuePair<string, object?>("status", status));
    }

    public void Step(string step, TimeSpan took) => _step.Record(took.TotalSeconds, new KeyValuePair<string, object?>("step", step));
}
