using System.Globalization;
using System.Security;
using System.Text;

namespace EShop.LoadTest.Reporting;

/// <summary>
/// latency.svg, drawn by hand: per one-second bucket of the main operation, p50 and p99 latency (left axis, ms)
/// and throughput (bars, right axis, per second).
/// </summary>
public static class LatencySvg
{
    private const int Width = 900;
    private const int Height = 420;
    private const int Left = 70;
    private const int Right = 70;
    private const int Top = 40;
    private const int Bottom = 50;

    public static string Draw(RunReport report)
    {
        var points = report.Timeline;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var seconds = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Second) + 1);
        var maxLatency = Nice(points.Count == 0 ? 1 : points.Max(p => p.P99));
        var maxCount = Nice(points.Count == 0 ? 1 : points.Max(p => p.Count));
        double X(double second) => Left + (second / seconds * plotWidth);
        double YLatency(double ms) => Top + plotHeight - (ms / maxLatency * plotHeight);
        double YCount(double count) => Top + plotHeight - (count / maxCount * plotHeight);

        var svg = new StringBuilder();
        svg.Append(Invariant($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="sans-serif" font-size="12">"""));
        svg.Append(Invariant($"""<rect width="{Width}" height="{Height}" fill="white"/>"""));
        svg.Append(Invariant($"""<text x="{Left}" y="22" font-size="15">{Escape($"{report.Scenario}{(report.Label is null ? "" : $" ({report.Label})")}: {report.MainOperation} per second")}</text>"""));
        var barWidth = Math.Max(1, (plotWidth / (double)seconds) - 2);
        foreach (var p in points)
            svg.Append(Invariant($"""<rect x="{X(p.Second) + 1:F1}" y="{YCount(p.Count):F1}" width="{barWidth:F1}" height="{Top + plotHeight - YCount(p.Count):F1}" fill="#d9e4f0"><title>{p.Count}/s</title></rect>"""));
        for (var i = 0; i <= 4; i++)
        {
            var y = Top + (plotHeight * i / 4.0);
            svg.Append(Invariant($"""<line x1="{Left}" y1="{y:F1}" x2="{Width - Right}" y2="{y:F1}" stroke="#ddd"/>"""));
            svg.Append(Invariant($"""<text x="{Left - 6}" y="{y + 4:F1}" text-anchor="end">{maxLatency * (4 - i) / 4:0.##}</text>"""));
            svg.Append(Invariant($"""<text x="{Width - Right + 6}" y="{y + 4:F1}">{maxCount * (4 - i) / 4:0.#}</text>"""));
        }

        var step = Math.Max(1, seconds / 10);
        for (var s = 0; s <= seconds; s += step)
            svg.Append(Invariant($"""<text x="{X(s):F1}" y="{Top + plotHeight + 18}" text-anchor="middle">{s}</text>"""));
        svg.Append(Invariant($"""<text x="{Left + (plotWidth / 2)}" y="{Height - 10}" text-anchor="middle">seconds into the measured window</text>"""));
        svg.Append(Invariant($"""<text x="14" y="{Top + (plotHeight / 2)}" transform="rotate(-90 14 {Top + (plotHeight / 2)})" text-anchor="middle">latency (ms)</text>"""));
        svg.Append(Invariant($"""<text x="{Width - 14}" y="{Top + (plotHeight / 2)}" transform="rotate(90 {Width - 14} {Top + (plotHeight / 2)})" text-anchor="middle">completed per second</text>"""));
        svg.Append(Line(points.Select(p => (X(p.Second + 0.5), YLatency(p.P50))), "#1f77b4"));
        svg.Append(Line(points.Select(p => (X(p.Second + 0.5), YLatency(p.P99))), "#d62728"));
        svg.Append(Invariant($"""<line x1="{Left}" y1="{Top + plotHeight}" x2="{Width - Right}" y2="{Top + plotHeight}" stroke="black"/>"""));
        svg.Append(Invariant($"""<text x="{Width - Right - 200}" y="22"><tspan fill="#1f77b4">― p50</tspan>  <tspan fill="#d62728">― p99</tspan>  <tspan fill="#7f9cbf">▮ throughput</tspan></text>"""));
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Line(IEnumerable<(double X, double Y)> points, string colour)
    {
        var list = points.Select(p => Invariant($"{p.X:F1},{p.Y:F1}")).ToList();
        return list.Count == 0 ? "" : Invariant($"""<polyline fill="none" stroke="{colour}" stroke-width="2" points="{string.Join(' ', list)}"/>""");
    }

    /// <summary>The next 1, 2 or 5 times a power of ten at or above <paramref name="value"/>, so the axes read well.</summary>
    private static double Nice(double value)
    {
        if (value <= 0)
            return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * power).First(v => v >= value);
    }

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
