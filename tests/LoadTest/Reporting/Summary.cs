using System.Globalization;
using Spectre.Console;

namespace EShop.LoadTest.Reporting;

/// <summary>The end-of-run summary on the console: throughput, the percentile table, the invariants.</summary>
public static class Summary
{
    public static void Print(IAnsiConsole console, RunReport report, string folder)
    {
        console.WriteLine(Invariant($"measured {report.MeasuredSeconds:F1} s: {report.OpsPerSecond:F1} requests/s, {report.CheckoutsPerSecond:F2} checkouts/s"));
        var table = new Table().AddColumns("operation", "count", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors", "5xx");
        foreach (var o in report.Operations)
        {
            table.AddRow([.. new[] { o.Name, Invariant($"{o.Count}"), Invariant($"{o.P50:F1}"), Invariant($"{o.P90:F1}"), Invariant($"{o.P99:F1}"),
                Invariant($"{o.P999:F1}"), Invariant($"{o.Max:F1}"), Invariant($"{o.Errors}"), Invariant($"{o.ServerErrors}") }.Select(c => new Text(c))]);
        }

        console.Write(table);
        foreach (var (key, value) in report.Facts)
            console.WriteLine($"{key}: {value}");
        foreach (var i in report.Invariants)
            console.WriteLine($"{(i.Passed ? "PASS" : "FAIL")}  {i.Name}: expected {i.Expected}, got {i.Actual}");
        console.WriteLine($"report: {Path.Combine(folder, ReportWriter.MarkdownFile)}");
        console.WriteLine(report.Passed ? "all invariants hold" : $"{report.Invariants.Count(i => !i.Passed)} invariant(s) FAILED");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
