using System.Text.Json;
using System.Text.RegularExpressions;

namespace EShop.Tests.Shared;

/// <summary>
/// The PromQL the operators' tools run: every query of every Grafana dashboard (docker/grafana/dashboards) and every
/// alert rule (docker/prometheus/alerts.yml), and the metric names each one reads.
/// </summary>
internal static partial class Observability
{
    public static string DashboardsFolder => Repository.PathOf("docker/grafana/dashboards");

    public static string AlertRules => Repository.PathOf("docker/prometheus/alerts.yml");

    /// <summary>(dashboard uid, panel id, refId, expr) for every target of every panel.</summary>
    public static IReadOnlyList<(string Dashboard, int Panel, string RefId, string Expr)> DashboardQueries() =>
        [.. Directory.GetFiles(DashboardsFolder, "*.json").Order(StringComparer.Ordinal).SelectMany(file =>
        {
            using var board = JsonDocument.Parse(File.ReadAllText(file));
            var uid = board.RootElement.GetProperty("uid").GetString()!;
            return board.RootElement.GetProperty("panels").EnumerateArray().SelectMany(panel => panel.GetProperty("targets").EnumerateArray()
                .Select(target => (uid, panel.GetProperty("id").GetInt32(), target.GetProperty("refId").GetString()!, target.GetProperty("expr").GetString()!)))
                .ToList();
        })];

    /// <summary>(alert name, expr) of every rule: the expr on its line or as the indented block after "expr: |".</summary>
    public static IReadOnlyList<(string Alert, string Expr)> AlertQueries()
    {
        var lines = File.ReadAllLines(AlertRules);
        var rules = new List<(string, string)>();
        string? alert = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (AlertLine().Match(lines[i]) is { Success: true } named)
                alert = named.Groups[1].Value;
            if (ExprLine().Match(lines[i]) is not { Success: true } expr || alert is null)
                continue;
            var text = expr.Groups[1].Value.Trim();
            if (text == "|")
            {
                var indent = lines[i].IndexOf('e', StringComparison.Ordinal);
                var block = lines.Skip(i + 1).TakeWhile(l => l.Length > indent && l[..(indent + 1)].Trim().Length == 0);
                text = string.Join(' ', block.Select(l => l.Trim()));
            }

            rules.Add((alert, text));
        }

        return rules;
    }

    /// <summary>The metric names a PromQL expression reads (functions, keywords, labels, ranges and numbers left out).</summary>
    public static IReadOnlySet<string> MetricNames(string expr)
    {
        var bare = Strings().Replace(expr, "\"\"");
        bare = Matchers().Replace(bare, " ");
        bare = Ranges().Replace(bare, " ");
        bare = Groupings().Replace(bare, " ");
        return Identifiers().Matches(bare).Select(m => m.Value).Where(name => !Keywords.Contains(name)).ToHashSet(StringComparer.Ordinal);
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset" };

    [GeneratedRegex(@"^\s*- alert:\s*(\S+)")]
    private static partial Regex AlertLine();

    [GeneratedRegex(@"^\s*expr:\s*(.*)$")]
    private static partial Regex ExprLine();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Groupings();

    // An identifier not preceded by a digit or dot (1e-9) and not followed by "(" (a function or aggregation).
    [GeneratedRegex(@"(?<![\w.:])(?>[a-zA-Z_:][a-zA-Z0-9_:]*)(?!\s*\()")]
    private static partial Regex Identifiers();
}
