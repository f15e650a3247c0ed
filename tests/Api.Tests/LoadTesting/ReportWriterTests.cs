using System.Text.Json;
using System.Xml.Linq;
using EShop.LoadTest;
using EShop.LoadTest.Reporting;
using EShop.LoadTest.Scenarios;

namespace EShop.Api.Tests.LoadTesting;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}");

    private static RunReport Report(params Invariant[] invariants) => new(
        "flash", "label <with> & \"marks\"", DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture),
        new Dictionary<string, string> { ["buyers"] = "10" }, new Dictionary<string, string> { ["pgbench_tps"] = "900|1" },
        2, 50, 5, "checkout",
        [new OperationReport("checkout", 10, 1, 1, new Dictionary<string, long> { ["503"] = 1 }, 10, 20, 30, 31, 32, 12)],
        [new TimelinePoint(0, 4, 9.5, 20), new TimelinePoint(1, 6, 11, 35.25)],
        new Dictionary<string, string> { ["orders.Confirmed"] = "5" },
        invariants);

    [Fact]
    public async Task The_report_is_json_markdown_linking_the_svg_and_an_svg_that_is_valid_xml()
    {
        var report = Report(new Invariant("reserved = 0", "0", "0", true), new Invariant("zero 5xx responses", "0", "1", false));

        await ReportWriter.Write(report, _out, TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "report.json"), TestContext.Current.CancellationToken));
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(30, json.RootElement.GetProperty("operations")[0].GetProperty("p99").GetDouble());
        Assert.Equal(1, json.RootElement.GetProperty("operations")[0].GetProperty("errorsByStatus").GetProperty("503").GetInt64());
        var markdown = await File.ReadAllTextAsync(Path.Combine(_out, "report.md"), TestContext.Current.CancellationToken);
        Assert.Contains("![p50, p99 and throughput per second](latency.svg)", markdown, StringComparison.Ordinal);
        Assert.Contains("| zero 5xx responses | 0 | 1 | **FAIL** |", markdown, StringComparison.Ordinal);
        Assert.Contains("900\\|1", markdown, StringComparison.Ordinal);
        var svg = XDocument.Load(Path.Combine(_out, "latency.svg"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(2, svg.Descendants(ns + "polyline").Count());
        Assert.Equal(2, svg.Descendants(ns + "rect").Count(r => r.Element(ns + "title") is not null));
        Assert.Contains("label <with> & \"marks\"", svg.Root!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Annotate_adds_notes_to_a_written_report_and_keeps_the_rest()
    {
        await ReportWriter.Write(Report(new Invariant("reserved = 0", "0", "0", true)), _out, TestContext.Current.CancellationToken);
        using var console = new CapturedConsole();

        var exit = await LoadTestApp.RunAsync(["annotate", "--out", _out, "--note", "db_peak_connections=37"], console.Console, TestContext.Current.CancellationToken);

        Assert.Equal(LoadTestApp.Passed, exit);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "report.json"), TestContext.Current.CancellationToken));
        var notes = json.RootElement.GetProperty("notes");
        Assert.Equal("37", notes.GetProperty("db_peak_connections").GetString());
        Assert.Equal("900|1", notes.GetProperty("pgbench_tps").GetString());
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Contains("db_peak_connections", await File.ReadAllTextAsync(Path.Combine(_out, "report.md"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_timeline_still_draws_a_valid_svg()
    {
        var report = Report(new Invariant("reserved = 0", "0", "0", true)) with { Timeline = [] };

        var svg = XDocument.Parse(LatencySvg.Draw(report));

        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.True(report.Passed);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
            Directory.Delete(_out, recursive: true);
    }
}
