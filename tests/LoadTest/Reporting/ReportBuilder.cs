using EShop.LoadTest.Measurement;
using EShop.LoadTest.Options;
using EShop.LoadTest.Scenarios;
using HdrHistogram;

namespace EShop.LoadTest.Reporting;

/// <summary>Turns the recorder's histograms and a scenario's result into a <see cref="RunReport"/>.</summary>
public static class ReportBuilder
{
    public static RunReport Build(LoadOptions options, DateTimeOffset startedAt, RunRecorder recorder, ScenarioResult result)
    {
        var seconds = Math.Max(result.Measured.TotalSeconds, 0.001);
        var operations = recorder.ByOperation()
            .OrderBy(o => Operations.IsSetup(o.Key))
            .ThenBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => Operation(o.Key, o.Value))
            .ToList();
        var requests = operations.Where(o => o.Name != Operations.Checkout && !Operations.IsSetup(o.Name)).Sum(o => o.Count);
        var checkouts = operations.FirstOrDefault(o => o.Name == Operations.Checkout) is { } c ? c.Count - c.Errors : 0;
        var timeline = recorder.ByOperation().TryGetValue(result.MainOperation, out var main)
            ? main.Snapshot().Seconds.OrderBy(s => s.Key).Select(s => Point(s.Key, s.Value)).ToList()
            : [];
        // Warm-up included: what a benchmark divides the database's transactions of the whole load phase by.
        var facts = new Dictionary<string, string>(result.Facts, StringComparer.Ordinal)
        {
            ["checkouts.loadPhase"] = (recorder.Settled + recorder.Stuck).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new RunReport(options.ScenarioName, options.Label, startedAt, options.Describe(), options.Notes, seconds,
            requests / seconds, checkouts / seconds, result.MainOperation, operations, timeline, facts, result.Invariants);
    }

    private static OperationReport Operation(string name, OperationStats stats)
    {
        var (all, errors, _) = stats.Snapshot();
        return new OperationReport(name, all.TotalCount, errors.Values.Sum(),
            errors.Where(e => e.Key.Length == 3 && e.Key[0] == '5').Sum(e => e.Value),
            errors.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            Millis(all, 50), Millis(all, 90), Millis(all, 99), Millis(all, 99.9),
            Round(all.TotalCount == 0 ? 0 : all.GetMaxValue() / 1000.0), Round(all.TotalCount == 0 ? 0 : all.GetMean() / 1000.0));
    }

    private static TimelinePoint Point(int second, LongHistogram histogram) =>
        new(second, histogram.TotalCount, Millis(histogram, 50), Millis(histogram, 99));

    private static double Millis(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : Round(histogram.GetValueAtPercentile(percentile) / 1000.0);

    private static double Round(double value) => Math.Round(value, 3);
}
