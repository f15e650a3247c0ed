using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EShop.LoadTest.Reporting;

/// <summary>Writes report.json, report.md and latency.svg into one folder.</summary>
public static class ReportWriter
{
    public const string JsonFile = "report.json";
    public const string MarkdownFile = "report.md";
    public const string SvgFile = "latency.svg";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task Write(RunReport report, string folder, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, JsonFile), JsonSerializer.Serialize(report, Json), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, MarkdownFile), Markdown(report), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, SvgFile), LatencySvg.Draw(report), cancellationToken);
    }

    public static string Markdown(RunReport report)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant($"# Load test: {report.Scenario}{(report.Label is null ? "" : $" ({report.Label})")}"));
        md.AppendLine();
        md.AppendLine(Invariant($"Started {report.StartedAt:u}; measured {report.MeasuredSeconds:F1} s. Result: **{(report.Passed ? "passed" : "FAILED")}**."));
        md.AppendLine();
        md.AppendLine(Invariant($"Throughput: **{report.OpsPerSecond:F1} requests/s**, **{report.CheckoutsPerSecond:F2} checkouts/s** (settled)."));
        md.AppendLine();
        Table(md, "Configuration", report.Configuration);
        if (report.Notes.Count > 0)
            Table(md, "Notes", report.Notes);
        md.AppendLine("## Latency per operation (ms)");
        md.AppendLine();
        md.AppendLine("| operation | count | p50 | p90 | p99 | p99.9 | max | errors | 5xx | errors by status |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var o in report.Operations)
        {
            var byStatus = string.Join(", ", o.ErrorsByStatus.Select(e => Invariant($"{e.Key}: {e.Value}")));
            md.AppendLine(Invariant($"| {o.Name} | {o.Count} | {o.P50:F1} | {o.P90:F1} | {o.P99:F1} | {o.P999:F1} | {o.Max:F1} | {o.Errors} | {o.ServerErrors} | {byStatus} |"));
        }

        md.AppendLine();
        md.AppendLine("`checkout` is one customer's wait from POST /api/orders to the order leaving Pending (polling included); " +
            "register and login are set-up, never measured as load.");
        md.AppendLine();
        if (report.Facts.Count > 0)
            Table(md, "Facts", report.Facts);
        md.AppendLine("## Invariants");
        md.AppendLine();
        md.AppendLine("| invariant | expected | actual | result |");
        md.AppendLine("|---|---|---|---|");
        foreach (var i in report.Invariants)
            md.AppendLine(Invariant($"| {i.Name} | {i.Expected} | {i.Actual} | {(i.Passed ? "pass" : "**FAIL**")} |"));
        md.AppendLine();
        md.AppendLine(Invariant($"## Latency over time ({report.MainOperation})"));
        md.AppendLine();
        md.AppendLine(Invariant($"![p50, p99 and throughput per second]({SvgFile})"));
        return md.ToString();
    }

    private static void Table(StringBuilder md, string title, IReadOnlyDictionary<string, string> rows)
    {
        md.AppendLine(Invariant($"## {title}"));
        md.AppendLine();
        md.AppendLine("| key | value |");
        md.AppendLine("|---|---|");
        foreach (var (key, value) in rows)
            md.AppendLine(Invariant($"| {Cell(key)} | {Cell(value)} |"));
        md.AppendLine();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
