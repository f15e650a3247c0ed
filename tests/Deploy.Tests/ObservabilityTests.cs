using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EShop.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace EShop.Deploy.Tests;

/// <summary>
/// What an operator on call relies on, checked offline: the alert rules and their promtool unit tests, every
/// dashboard query parsed by promtool, the dashboards' data sources, the collector's pipelines, Alertmanager's
/// routes, and a runbook entry per alert. (That the metric names exist is checked against a live scrape in
/// Integration.Tests' LocalClusterTests.)
/// </summary>
public sealed partial class ObservabilityTests
{
    private static YamlMappingNode Yaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Repository.PathOf(path));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static async Task<string> Promtool(params string[] arguments)
    {
        var (exitCode, output) = await Repository.RunAsync("promtool", arguments, TestContext.Current.CancellationToken);
        Assert.True(exitCode == 0, $"promtool {string.Join(' ', arguments)} failed:\n{output}");
        return output;
    }

    [Fact]
    public async Task The_alert_rules_are_valid_and_pass_their_unit_tests()
    {
        Assert.Contains("SUCCESS", await Promtool("check", "rules", Observability.AlertRules), StringComparison.Ordinal);
        Assert.Contains("SUCCESS", await Promtool("test", "rules", Repository.PathOf("docker/prometheus/alerts.test.yml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_alert_has_a_unit_test_where_it_fires_and_one_where_it_stays_silent()
    {
        var tests = File.ReadAllLines(Repository.PathOf("docker/prometheus/alerts.test.yml"));
        var firing = new HashSet<string>(StringComparer.Ordinal);
        var silent = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < tests.Length; i++)
        {
            if (AlertName().Match(tests[i]) is not { Success: true } name)
                continue;
            (tests[i + 1].Trim() == "exp_alerts: []" ? silent : firing).Add(name.Groups[1].Value);
        }

        var alerts = Observability.AlertQueries().Select(a => a.Alert).ToList();
        Assert.True(alerts.Count >= 13, $"only {alerts.Count} alerts read from alerts.yml");
        Assert.All(alerts, alert => Assert.True(firing.Contains(alert) && silent.Contains(alert), $"{alert}: firing test {firing.Contains(alert)}, silent test {silent.Contains(alert)}"));
    }

    [Fact]
    public void The_alerts_cover_what_the_on_call_needs_and_each_has_a_runbook_entry()
    {
        var alerts = Observability.AlertQueries().Select(a => a.Alert).ToHashSet(StringComparer.Ordinal);
        string[] needed = ["EShopCheckoutFailureRatio", "EShopPaymentGatewayErrors", "EShopCheckoutSlow", "EShopKafkaConsumerLagGrowing",
            "EShopReservationsExpiring", "EShopSiloDown", "EShopDatabaseConnectionsNearLimit"];
        Assert.All(needed, alert => Assert.Contains(alert, alerts));
        var runbook = File.ReadAllText(Repository.PathOf("docs/operations.md"));
        Assert.All(alerts, alert => Assert.Contains($"### {alert}", runbook, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_dashboard_query_parses_as_promql()
    {
        var queries = Observability.DashboardQueries();
        Assert.True(queries.Count >= 30, $"only {queries.Count} dashboard queries");
        var rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        foreach (var (dashboard, panel, refId, expr) in queries)
        {
            // Grafana fills $__rate_interval in; promtool needs a duration there.
            rules.Append($"      - record: {dashboard.Replace('-', '_')}:panel{panel}:{refId}\n");
            rules.Append($"        expr: {JsonSerializer.Serialize(expr.Replace("$__rate_interval", "5m", StringComparison.Ordinal))}\n");
        }

        var file = Path.Combine(Path.GetTempPath(), $"dashboards-{Guid.NewGuid():N}.rules.yml");
        await File.WriteAllTextAsync(file, rules.ToString(), TestContext.Current.CancellationToken);
        try
        {
            Assert.Contains($"SUCCESS: {queries.Count} rules found", await Promtool("check", "rules", file), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_five_dashboards_exist_and_use_only_provisioned_data_sources()
    {
        var provisioned = ((YamlSequenceNode)Yaml("docker/grafana/provisioning/datasources/datasources.yml")["datasources"])
            .Cast<YamlMappingNode>().Select(d => d["uid"].ToString()).ToHashSet(StringComparer.Ordinal);
        var boards = Directory.GetFiles(Observability.DashboardsFolder, "*.json").Select(f => JsonDocument.Parse(File.ReadAllText(f))).ToList();
        try
        {
            Assert.Equal(["eshop-checkout", "eshop-http-red", "eshop-inventory", "eshop-kafka", "eshop-orleans"],
                boards.Select(b => b.RootElement.GetProperty("uid").GetString()).Order(StringComparer.Ordinal));
            var used = boards.SelectMany(b => b.RootElement.GetProperty("panels").EnumerateArray())
                .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("datasource").GetProperty("uid").GetString()));
            Assert.All(used, uid => Assert.Contains(uid!, provisioned));
        }
        finally
        {
            boards.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public void The_collector_sends_traces_to_jaeger_logs_to_loki_and_metrics_to_prometheus_through_defined_components()
    {
        var config = Yaml("docker/otel-collector/config.yaml");
        var pipelines = (YamlMappingNode)((YamlMappingNode)config["service"])["pipelines"];
        foreach (var (name, node) in pipelines.Children)
        {
            foreach (var kind in new[] { "receivers", "processors", "exporters" })
            {
                var defined = ((YamlMappingNode)config[kind]).Children.Keys.Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
                Assert.All((YamlSequenceNode)((YamlMappingNode)node)[kind], used => Assert.True(defined.Contains(used.ToString()), $"{name} uses undefined {kind} {used}"));
            }
        }

        string Exporters(string pipeline) => string.Join(',', (YamlSequenceNode)((YamlMappingNode)pipelines[pipeline])["exporters"]);
        Assert.Equal("otlp/jaeger", Exporters("traces"));
        Assert.Equal("otlphttp/loki", Exporters("logs"));
        Assert.Equal("prometheus", Exporters("metrics"));

        var compose = (YamlMappingNode)Yaml("docker/docker-compose.yml")["services"];
        var exporters = (YamlMappingNode)config["exporters"];
        Assert.StartsWith("jaeger:", ((YamlMappingNode)exporters["otlp/jaeger"])["endpoint"].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("http://loki:", ((YamlMappingNode)exporters["otlphttp/loki"])["endpoint"].ToString(), StringComparison.Ordinal);
        foreach (var service in new[] { "otel-collector", "jaeger", "loki", "prometheus", "alertmanager", "alert-sink", "grafana" })
            Assert.True(compose.Children.ContainsKey(service), $"compose has no {service}");
        var prometheus = File.ReadAllText(Repository.PathOf("docker/prometheus/prometheus.yml"));
        Assert.Contains("otel-collector:8889", prometheus, StringComparison.Ordinal);
        Assert.Contains("alertmanager:9093", prometheus, StringComparison.Ordinal);
        Assert.Contains("http://otel-collector:4317", File.ReadAllText(Repository.PathOf("docker/docker-compose.yml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Alertmanager_routes_every_alert_to_a_defined_receiver_that_compose_runs()
    {
        var config = Yaml("docker/alertmanager/alertmanager.yml");
        var receivers = ((YamlSequenceNode)config["receivers"]).Cast<YamlMappingNode>().ToDictionary(r => r["name"].ToString(), StringComparer.Ordinal);
        var route = (YamlMappingNode)config["route"];
        Assert.Contains(route["receiver"].ToString(), receivers.Keys);
        Assert.All(((YamlSequenceNode)route["routes"]).Cast<YamlMappingNode>(), r => Assert.Contains(r["receiver"].ToString(), receivers.Keys));
        var url = new Uri(((YamlMappingNode)((YamlSequenceNode)receivers[route["receiver"].ToString()]["webhook_configs"])[0])["url"].ToString());
        var compose = (YamlMappingNode)Yaml("docker/docker-compose.yml")["services"];
        Assert.True(compose.Children.ContainsKey(url.Host), $"the webhook {url} is no compose service");
    }

    [GeneratedRegex(@"^\s*alertname:\s*(\S+)")]
    private static partial Regex AlertName();
}
