using System.Diagnostics;
using System.Text.Json;
using EShop.Tests.Shared;

namespace EShop.Integration.Tests.Chaos;

/// <summary>
/// The chaos runner's short profile (tools/Chaos, docs/chaos.md) as CI runs it: three silo processes in network
/// namespaces, the Api in Client mode, PostgreSQL, the Kafka mock and the Stripe stand-in, with traffic for 90 s while
/// silos are killed and one is cut off, PostgreSQL is stopped and paused, the brokers go away and Stripe misbehaves.
/// The run's own checker decides; this test fails on any violated invariant and on a schedule that did not apply the
/// faults it promises, so that a runner that quietly skipped its faults cannot pass.
/// </summary>
public sealed class ChaosShortProfileTests
{
    private static readonly string[] EveryKind = ["silo-kill", "partition", "postgres-stop", "postgres-pause", "kafka-away"];

    [Fact(Timeout = 600_000)]
    public async Task Under_the_short_fault_schedule_every_invariant_holds()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var output = Directory.CreateTempSubdirectory("eshop-chaos-").FullName;
        try
        {
            var runner = Repository.PathOf("tools/Chaos/bin/Debug/net10.0/EShop.Chaos.dll");
            Assert.True(File.Exists(runner), $"{runner} is not built");
            var (exitCode, log) = await Repository.RunAsync("dotnet", [runner, "--profile", "short", "--out", output, "--network", $"eshc{Environment.ProcessId % 1000}"], cancellation);
            var reportFile = Path.Combine(output, "report.json");
            Assert.True(File.Exists(reportFile), $"no report; the runner exited with {exitCode}:\n{log}");
            var markdown = await File.ReadAllTextAsync(Path.Combine(output, "report.md"), cancellation);
            Assert.True(exitCode == 0, $"the runner exited with {exitCode}:\n{markdown}\n{log}");

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportFile, cancellation));
            var root = report.RootElement;
            var invariants = root.GetProperty("invariants").EnumerateArray().ToList();
            Assert.True(invariants.Count >= 13, markdown);
            Assert.All(invariants, i => Assert.True(i.GetProperty("passed").GetBoolean(), $"{i.GetProperty("name").GetString()}: {i.GetProperty("detail").GetString()}"));

            var kinds = root.GetProperty("faults").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ToList();
            Assert.All(EveryKind, kind => Assert.Contains(kind, kinds));
            Assert.True(kinds.Count(k => k == "silo-kill") >= 2, markdown);
            Assert.Contains(kinds, k => k!.StartsWith("stripe-", StringComparison.Ordinal));
            var partitions = root.GetProperty("partitions").EnumerateArray().ToList();
            Assert.NotEmpty(partitions);
            Assert.All(partitions, p => Assert.True(p.GetProperty("declaredDead").GetBoolean() && p.GetProperty("stoppedItself").GetBoolean(), markdown));

            // The traffic really flowed through the faults: orders were taken and some confirmed, others failed.
            Assert.True(root.GetProperty("acceptedOrders").GetInt32() > 50, markdown);
            var statuses = root.GetProperty("ordersByStatus");
            Assert.True(statuses.TryGetProperty("Confirmed", out var confirmed) && confirmed.GetInt32() > 0, markdown);
            Assert.True(statuses.TryGetProperty("Failed", out var failed) && failed.GetInt32() > 0, markdown);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
