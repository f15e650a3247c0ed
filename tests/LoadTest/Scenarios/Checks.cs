using System.Globalization;
using EShop.LoadTest.Http;
using EShop.LoadTest.Measurement;

namespace EShop.LoadTest.Scenarios;

/// <summary>Invariants every scenario checks, and the helpers the specific ones share.</summary>
public static class Checks
{
    /// <summary>Zero 5xx answers to measured calls (set-up calls such as a busy hasher's 503 are retried, not counted).</summary>
    public static Invariant NoServerErrors(RunRecorder recorder)
    {
        var count = recorder.ByOperation()
            .Where(o => !Operations.IsSetup(o.Key))
            .Sum(o => o.Value.Snapshot().Errors.Where(e => e.Key.Length == 3 && e.Key[0] == '5').Sum(e => e.Value));
        return Of("zero 5xx responses", 0, count);
    }

    /// <summary>Every order left Pending within --settle-timeout.</summary>
    public static Invariant NoStuckOrders(IReadOnlyCollection<OrderOutcome> orders) =>
        Of("no order stuck in Pending past the settle timeout", 0, orders.Count(o => o.Status == OrderOutcome.Stuck));

    public static Invariant Of(string name, long expected, long actual) =>
        new(name, expected.ToString(CultureInfo.InvariantCulture), actual.ToString(CultureInfo.InvariantCulture), expected == actual);

    public static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Counts of final statuses (Confirmed, Failed:out_of_stock, Stuck, NotPlaced) for the report's facts.</summary>
    public static Dictionary<string, string> StatusFacts(IEnumerable<OrderOutcome> orders) =>
        orders.GroupBy(o => o.Status == "Failed" ? $"Failed:{o.FailureReason}" : o.Status)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => $"orders.{g.Key}", g => Count(g.Count()), StringComparer.Ordinal);
}
