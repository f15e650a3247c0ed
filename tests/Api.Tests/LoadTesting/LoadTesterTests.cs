using System.Text.Json;
using System.Xml.Linq;
using EShop.Api.Tests.Infrastructure;
using EShop.LoadTest;

namespace EShop.Api.Tests.LoadTesting;

/// <summary>The real load tester, end to end, against the real shop on a real port: short runs, checked through their reports.</summary>
public sealed class LoadTesterTests(LoadTesterApiFactory shop) : IClassFixture<LoadTesterApiFactory>, IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"loadtest-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_flash_sale_of_5_units_to_50_buyers_confirms_5_fails_45_out_of_stock_and_passes_its_invariants()
    {
        using var console = new CapturedConsole();

        var exit = await LoadTestApp.RunAsync(
            [.. Common(), "flash", "--buyers", "50", "--units", "5", "--label", "ci-flash", "--note", "pgbench_tps=123.4", "--note", "peak_connections=17"],
            console.Console, TestContext.Current.CancellationToken);

        Assert.True(exit == LoadTestApp.Passed, console.Text);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "report.json"), TestContext.Current.CancellationToken));
        var root = report.RootElement;
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.All(root.GetProperty("invariants").EnumerateArray(), i => Assert.True(i.GetProperty("passed").GetBoolean(), i.ToString()));
        var facts = root.GetProperty("facts");
        Assert.Equal("5", facts.GetProperty("orders.Confirmed").GetString());
        Assert.Equal("45", facts.GetProperty("orders.Failed:out_of_stock").GetString());
        Assert.Equal("0", facts.GetProperty("stock.onHand").GetString());
        Assert.Equal("0", facts.GetProperty("stock.reserved").GetString());
        Assert.Equal("ci-flash", root.GetProperty("label").GetString());
        Assert.Equal("123.4", root.GetProperty("notes").GetProperty("pgbench_tps").GetString());
        Assert.Equal(50, Operation(root, "order-post").GetProperty("count").GetInt64());
        Assert.Equal("svg", XDocument.Load(Path.Combine(_out, "latency.svg")).Root!.Name.LocalName);
        Assert.Contains("(latency.svg)", await File.ReadAllTextAsync(Path.Combine(_out, "report.md"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("all invariants hold", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_three_second_checkout_run_settles_every_order_and_reports_checkouts_per_second()
    {
        using var console = new CapturedConsole();

        var exit = await LoadTestApp.RunAsync(
            [.. Common(), "checkout", "--users", "4", "--seconds", "3", "--warmup", "1", "--lines", "3"],
            console.Console, TestContext.Current.CancellationToken);

        Assert.True(exit == LoadTestApp.Passed, console.Text);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "report.json"), TestContext.Current.CancellationToken));
        var root = report.RootElement;
        var checkout = Operation(root, "checkout");
        Assert.True(checkout.GetProperty("count").GetInt64() > 0);
        Assert.Equal(0, checkout.GetProperty("errors").GetInt64());
        Assert.True(root.GetProperty("checkoutsPerSecond").GetDouble() > 0);
        // Three cart adds per checkout, but for the one checkout per user whose adds fell in the warm-up (not counted).
        Assert.True(Operation(root, "cart-add").GetProperty("count").GetInt64() >= 3 * (checkout.GetProperty("count").GetInt64() - 4));
        Assert.NotEmpty(root.GetProperty("timeline").EnumerateArray());
        Assert.DoesNotContain("\u001b[", console.Text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
            Directory.Delete(_out, recursive: true);
    }

    private string[] Common() =>
        ["--url", shop.Url, "--admin-email", ApiFactory.AdminEmail, "--admin-password", ApiFactory.AdminPassword, "--out", _out, "--settle-timeout", "20"];

    private static JsonElement Operation(JsonElement root, string name) =>
        root.GetProperty("operations").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);
}
