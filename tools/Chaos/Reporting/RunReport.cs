using System.Globalization;
using System.Text;
using System.Text.Json;
using EShop.Chaos.Checking;
using EShop.Chaos.Faults;
using EShop.Chaos.Workload;

namespace EShop.Chaos.Reporting;

/// <summary>One second of the run: requests that started in it, how many got a 5xx or no answer, accepted checkouts and p99.</summary>
internal sealed record Second(int At, int Requests, int ServerErrors, int Checkouts, double P99Milliseconds);

/// <summary>From a silo kill to the first second from which three seconds in a row carry 90% of the ten seconds before it.</summary>
internal sealed record Recovery(string Target, double KilledAt, double? Seconds);

/// <summary>Everything a run found, written as report.json, report.md and throughput.svg.</summary>
internal sealed record RunReport(
    string Profile, int Seed, DateTimeOffset StartedAt, double TrafficSeconds, int Silos, int Users,
    int Requests, int ServerErrors, double Availability, IReadOnlyDictionary<string, int> ErrorsByOperation,
    IReadOnlyDictionary<string, int> Outcomes, int AcceptedOrders, IReadOnlyDictionary<string, int> OrdersByStatus,
    IReadOnlyDictionary<string, int> FailureReasons, IReadOnlyList<FaultRecord> Faults, IReadOnlyList<PartitionObservation> Partitions,
    IReadOnlyList<Recovery> Recoveries, IReadOnlyList<InvariantResult> Invariants, IReadOnlyList<Second> Timeline, double SettleSeconds, string Stripe)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public bool Passed => Invariants.All(i => i.Passed) && Partitions.All(p => p.DeclaredDead && p.StoppedItself);

    public static IReadOnlyList<Second> TimelineOf(IReadOnlyList<RequestRecord> records, double start, double end)
    {
        var seconds = new List<Second>();
        var bySecond = records.Where(r => r.At >= start && r.At < end).GroupBy(r => (int)(r.At - start)).ToDictionary(g => g.Key, g => g.ToList());
        for (var s = 0; s < (int)Math.Ceiling(end - start); s++)
        {
            var list = bySecond.GetValueOrDefault(s, []);
            var latencies = list.Select(r => r.Milliseconds).Order().ToList();
            var p99 = latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * 0.99) - 1)];
            seconds.Add(new Second(s, list.Count, list.Count(r => r.ServerError), list.Count(r => r.Operation == "checkout" && r.Status == 202), Math.Round(p99, 1)));
        }
        return seconds;
    }

    public static IReadOnlyList<Recovery> RecoveriesOf(IReadOnlyList<Second> timeline, IEnumerable<FaultRecord> faults, double start)
    {
        double Good(Second s) => s.Requests - s.ServerErrors;
        var recoveries = new List<Recovery>();
        foreach (var kill in faults.Where(f => f.Kind == "silo-kill"))
        {
            var at = (int)(kill.Start - start);
            var before = timeline.Where(s => s.At >= at - 10 && s.At < at).ToList();
            if (before.Count < 5)
                continue;
            var baseline = before.Average(Good);
            double? recovered = null;
            for (var s = at; s + 2 < timeline.Count && recovered is null; s++)
            {
                if (Enumerable.Range(s, 3).Average(i => Good(timeline[i])) >= 0.9 * baseline)
                    recovered = s - (kill.Start - start);
            }
            recoveries.Add(new Recovery(kill.Target, Math.Round(kill.Start - start, 1), recovered is { } r ? Math.Round(Math.Max(0, r), 1) : null));
        }
        return recoveries;
    }

    public async Task WriteAsync(string directory, double start)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(this, JsonOptions));
        await File.WriteAllTextAsync(Path.Combine(directory, "throughput.svg"), Plot(start));
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), Markdown(start));
    }

    private string Markdown(double start)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# Chaos run: {Profile} profile, seed {Seed}: {(Passed ? "all invariants hold" : "INVARIANTS VIOLATED")}");
        text.AppendLine();
        text.AppendLine(c, $"Started {StartedAt:yyyy-MM-dd HH:mm} UTC; {TrafficSeconds:0} s of traffic from {Users} users against {Silos} silo processes, the Api in Client mode, PostgreSQL (stock configuration), the Kafka mock and a Stripe stand-in, all on one machine. Orders settled {SettleSeconds:0} s after the traffic stopped. Not a performance figure: everything shares the machine's cores.");
        text.AppendLine();
        text.AppendLine("![throughput and p99 with the faults marked](throughput.svg)");
        text.AppendLine();
        text.AppendLine("## Invariants");
        text.AppendLine();
        text.AppendLine("| invariant | verdict | detail |");
        text.AppendLine("|---|---|---|");
        foreach (var invariant in Invariants)
            text.AppendLine(c, $"| {invariant.Name} | {(invariant.Passed ? "holds" : "**violated**")} | {Escape(invariant.Detail)}{string.Concat(invariant.Counterexamples.Select(x => "<br>" + Escape(x)))} |");
        foreach (var partition in Partitions)
            text.AppendLine(c, $"| the cut-off {partition.Silo} (at {partition.Start - start:0} s) was declared dead and stopped serving | {(partition.DeclaredDead && partition.StoppedItself ? "holds" : "**violated**")} | declared dead: {partition.DeclaredDead}; stopped itself: {partition.StoppedItself} |");
        text.AppendLine();
        text.AppendLine("## Requests");
        text.AppendLine();
        text.AppendLine(c, $"{Requests} requests, {ServerErrors} answered 5xx or not at all: **{Availability:P2} without 5xx**. Accepted checkouts: {AcceptedOrders}.");
        text.AppendLine();
        if (ErrorsByOperation.Count > 0)
            text.AppendLine(c, $"5xx or no answer by operation: {string.Join(", ", ErrorsByOperation.Select(e => $"{e.Key} {e.Value}"))}.");
        text.AppendLine();
        text.AppendLine(c, $"Client outcomes: {string.Join(", ", Outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}"))}.");
        text.AppendLine();
        text.AppendLine(c, $"Stripe: {Stripe}.");
        text.AppendLine();
        text.AppendLine("## Orders by outcome");
        text.AppendLine();
        text.AppendLine(c, $"{string.Join(", ", OrdersByStatus.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}"))}. Failure reasons: {(FailureReasons.Count == 0 ? "none" : string.Join(", ", FailureReasons.Select(f => $"{f.Key} {f.Value}")))}.");
        text.AppendLine();
        text.AppendLine("## Recovery after each kill");
        text.AppendLine();
        text.AppendLine("Seconds from the SIGKILL to the first second from which three in a row carry 90% of the good answers per second of the ten seconds before the kill.");
        text.AppendLine();
        text.AppendLine("| silo | killed at (s) | back to full throughput after (s) |");
        text.AppendLine("|---|---|---|");
        foreach (var recovery in Recoveries)
            text.AppendLine(c, $"| {recovery.Target} | {recovery.KilledAt:0.0} | {(recovery.Seconds is { } s ? s.ToString("0.0", c) : "not within the run")} |");
        text.AppendLine();
        text.AppendLine(c, $"## Faults ({Faults.Count})");
        text.AppendLine();
        text.AppendLine("| at (s) | until (s) | fault | target | what happened |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var fault in Faults)
            text.AppendLine(c, $"| {fault.Start - start:0.0} | {fault.End - start:0.0} | {fault.Kind} | {fault.Target} | {Escape(fault.Detail)} |");
        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Good answers per second and p99 latency over the run, each fault a shaded band with its name.</summary>
    private string Plot(double start)
    {
        const int width = 1000, height = 360, left = 50, right = 60, top = 20, bottom = 40;
        var c = CultureInfo.InvariantCulture;
        var seconds = Math.Max(1, Timeline.Count);
        var maxRate = Math.Max(1, Timeline.Max(s => s.Requests));
        var maxP99 = Math.Max(1, Timeline.Max(s => s.P99Milliseconds));
        double X(double s) => left + s / seconds * (width - left - right);
        double Y(double value, double max) => top + (1 - value / max) * (height - top - bottom);
        var svg = new StringBuilder();
        svg.AppendLine(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.AppendLine(c, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        var colours = new Dictionary<string, string> { ["silo-kill"] = "#f4a6a6", ["partition"] = "#f7d08a", ["postgres-stop"] = "#b9c7f0", ["postgres-pause"] = "#c9b9f0", ["kafka-away"] = "#a6e0c8", ["silo-exit"] = "#dddddd" };
        var row = 0;
        foreach (var fault in Faults)
        {
            var colour = colours.GetValueOrDefault(fault.Kind, "#eeeecc");
            var x1 = X(fault.Start - start);
            var x2 = Math.Max(x1 + 2, X(fault.End - start));
            svg.AppendLine(c, $"<rect x=\"{x1:0.0}\" y=\"{top}\" width=\"{x2 - x1:0.0}\" height=\"{height - top - bottom}\" fill=\"{colour}\" opacity=\"0.5\"><title>{fault.Kind} {fault.Target}: {System.Security.SecurityElement.Escape(fault.Detail)}</title></rect>");
            svg.AppendLine(c, $"<text x=\"{x1 + 2:0.0}\" y=\"{top + 10 + 11 * (row++ % 4)}\" fill=\"#555\">{fault.Kind} {fault.Target}</text>");
        }
        svg.AppendLine(c, $"<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"{string.Join(' ', Timeline.Select(s => $"{X(s.At + 0.5):0.0},{Y(s.Requests - s.ServerErrors, maxRate):0.0}"))}\"/>");
        svg.AppendLine(c, $"<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"1\" points=\"{string.Join(' ', Timeline.Select(s => $"{X(s.At + 0.5):0.0},{Y(s.ServerErrors, maxRate):0.0}"))}\"/>");
        svg.AppendLine(c, $"<polyline fill=\"none\" stroke=\"#ff7f0e\" stroke-width=\"1\" stroke-dasharray=\"3,2\" points=\"{string.Join(' ', Timeline.Select(s => $"{X(s.At + 0.5):0.0},{Y(s.P99Milliseconds, maxP99):0.0}"))}\"/>");
        svg.AppendLine(c, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"black\"/>");
        svg.AppendLine(c, $"<text x=\"{left}\" y=\"{height - 10}\">0 s</text><text x=\"{width - right - 30}\" y=\"{height - 10}\">{seconds} s</text>");
        svg.AppendLine(c, $"<text x=\"5\" y=\"{top + 10}\" fill=\"#1f77b4\">{maxRate}/s</text><text x=\"{width - right + 5}\" y=\"{top + 10}\" fill=\"#ff7f0e\">{maxP99:0} ms</text>");
        svg.AppendLine(c, $"<text x=\"{left + 150}\" y=\"{height - 10}\"><tspan fill=\"#1f77b4\">good answers/s</tspan>  <tspan fill=\"#d62728\">5xx or no answer/s</tspan>  <tspan fill=\"#ff7f0e\">p99 latency (right scale)</tspan>  shaded: faults</text>");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }
}
