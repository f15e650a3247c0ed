using EShop.LoadTest.Scenarios;

namespace EShop.LoadTest.Reporting;

/// <summary>One operation's statistics over the measured window; latencies in milliseconds.</summary>
public sealed record OperationReport(
    string Name,
    long Count,
    long Errors,
    long ServerErrors,
    IReadOnlyDictionary<string, long> ErrorsByStatus,
    double P50,
    double P90,
    double P99,
    double P999,
    double Max,
    double Mean);

/// <summary>One second of the main operation: how many finished, their p50 and p99 (ms).</summary>
public sealed record TimelinePoint(int Second, long Count, double P50, double P99);

/// <summary>Everything report.json holds; report.md and latency.svg are drawn from it.</summary>
public sealed record RunReport(
    string Scenario,
    string? Label,
    DateTimeOffset StartedAt,
    IReadOnlyDictionary<string, string> Configuration,
    IReadOnlyDictionary<string, string> Notes,
    double MeasuredSeconds,
    double OpsPerSecond,
    double CheckoutsPerSecond,
    string MainOperation,
    IReadOnlyList<OperationReport> Operations,
    IReadOnlyList<TimelinePoint> Timeline,
    IReadOnlyDictionary<string, string> Facts,
    IReadOnlyList<Invariant> Invariants)
{
    public bool Passed => Invariants.All(i => i.Passed);
}
