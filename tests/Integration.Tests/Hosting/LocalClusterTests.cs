using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using EShop.Client;
using EShop.Grains.Abstractions.Events;
using EShop.Silo.Streaming;
using EShop.Tests.Shared;
using EShop.Integration.Tests.Recovery;

namespace EShop.Integration.Tests.Hosting;

/// <summary>
/// docker/local-cluster.sh, the compose topology as plain processes: its own PostgreSQL, the Kafka mock process, two
/// silo processes and the Api in Client mode. Through the typed client: browse, cart, a checkout that confirms and
/// is shipped and delivered by the admin, another cancelled and refunded; the events are on the topics for a plain
/// Kafka reader; a silo killed and a checkout confirmed by the survivor; every metric the dashboards and alerts
/// read is exported; and Ctrl-C stops every process.
/// </summary>
public sealed partial class LocalClusterTests : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(3);

    // `up` is Prometheus's own; the hot-sku gauge reports a full minute of reservations (InventoryMetricsTests).
    private static readonly string[] NotScrapedAfterACheckout = ["up", "eshop_inventory_hot_sku_reservations"];

    private readonly ConcurrentQueue<string> _output = new();
    private Process? _script;

    private string Output => string.Join('\n', _output);

    [Fact(Timeout = 300_000)]
    public async Task Two_silo_processes_and_a_client_api_take_orders_through_their_life_with_events_on_kafka_survive_a_silo_kill_and_ctrl_c_stops_them_all()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var api = await StartAsync(cancellation);
        var silos = SiloPid().Matches(Output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, silos.Distinct().Count());
        var processes = new[] { _script!.Id }.Concat(silos).Concat(ApiPid().Matches(Output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).ToList();

        // Driven through the typed client (src/Client), as a web or mobile client would.
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        using var ann = new EShopClient(http);
        var (email, password) = ($"ann-{Guid.NewGuid():N}@example.com", "correct-horse-battery");
        await ann.RegisterAsync(email, password, "Ann Example", cancellation);
        await ann.LoginAsync(email, password, cancellation);
        Assert.Contains("CLASSIC-TEE-BLACK-M", (await ann.ListProductsAsync(pageSize: 50, cancellationToken: cancellation)).Items.SelectMany(p => p.Variants).Select(v => v.Sku));
        await ann.AddToCartAsync("CLASSIC-TEE-BLACK-M", 1, cancellation);
        var accepted = await ann.PlaceOrderAsync(new AddressInput("Ann Example", "1 Main St", null, "Springfield", "12345", "US"), "pm_card_visa", cancellationToken: cancellation);
        var order = await ann.WaitUntilSettledAsync(accepted.OrderId, Poll.FailoverDeadline, cancellationToken: cancellation);
        Assert.True(order.Status == OrderStatuses.Confirmed, $"order {order.OrderId} is {order.Status}\n{Output}");
        // An outside reader sees the events on the topics, as CloudEvents from the shared Kafka mock.
        var bootstrap = KafkaMock().Match(Output).Groups[1].Value;
        var events = await MockKafka.ReadAsync(bootstrap, "eshop.orders", 2, TimeSpan.FromSeconds(60), m => m.Message.Key == order.OrderId);
        Assert.Equal([EventTypes.OrderPlaced, EventTypes.OrderConfirmed], events.Select(e => CloudEventCodec.TryDecode(e.Message.Value)!.Type));
        await MockKafka.ReadAsync(bootstrap, "eshop.payments", 1, TimeSpan.FromSeconds(60),
            m => m.Message.Key == order.OrderId && CloudEventCodec.TryDecode(m.Message.Value)?.Type == EventTypes.PaymentSucceeded);

        // The admin ships and delivers it; a second order is cancelled after confirmation and its payment refunded.
        using var admin = new EShopClient(http);
        await admin.LoginAsync("admin@eshop.local", "Admin123!ChangeMe", cancellation);
        Assert.Equal(OrderStatuses.Shipped, (await admin.ShipOrderAsync(order.OrderId, cancellation)).Status);
        Assert.Equal(OrderStatuses.Delivered, (await admin.DeliverOrderAsync(order.OrderId, cancellation)).Status);
        await ann.AddToCartAsync("CLASSIC-TEE-BLACK-M", 1, cancellation);
        var second = await ann.PlaceOrderAsync(new AddressInput("Ann Example", "1 Main St", null, "Springfield", "12345", "US"), "pm_card_visa", cancellationToken: cancellation);
        Assert.Equal(OrderStatuses.Confirmed, (await ann.WaitUntilSettledAsync(second.OrderId, Poll.FailoverDeadline, cancellationToken: cancellation)).Status);
        Assert.Equal(OrderStatuses.Cancelled, (await ann.CancelOrderAsync(second.OrderId, cancellation)).Status);
        await MockKafka.ReadAsync(bootstrap, "eshop.payments", 1, TimeSpan.FromSeconds(60),
            m => m.Message.Key == second.OrderId && CloudEventCodec.TryDecode(m.Message.Value)?.Type == EventTypes.PaymentRefunded);

        // Both silos are still up and part of the cluster the Api called into.
        Assert.All(silos, pid => Assert.True(IsRunning(pid), $"silo pid {pid} exited\n{Output}"));

        // One silo dies (SIGKILL, no goodbye). Until the survivor declares it dead, calls to its grains fail or wait;
        // a client retrying with the same Idempotency-Key gets exactly one order, which confirms on the survivor.
        await ann.SetCartQuantityAsync("CLASSIC-TEE-BLACK-M", 1, cancellation);
        Kill(silos[0]);
        await Poll.Until(() => Task.FromResult(Output.Contains($"== silo (pid {silos[0]}) exited", StringComparison.Ordinal)), seen => seen,
            "the script saw the silo go", TimeSpan.FromSeconds(30), () => Output);
        var key = Guid.NewGuid().ToString();
        var third = await Poll.Until(() => ann.PlaceOrderAsync(new AddressInput("Ann Example", "1 Main St", null, "Springfield", "12345", "US"), "pm_card_visa", key, cancellation),
            _ => true, "a checkout accepted after the kill", Poll.FailoverDeadline, () => Output);
        var settled = await Poll.Until(() => ann.GetOrderAsync(third.OrderId, cancellation), o => o.Status != OrderStatuses.Pending,
            "the checkout after the kill settles", Poll.FailoverDeadline, () => Output);
        Assert.Equal(OrderStatuses.Confirmed, settled.Status);
        Assert.Equal(third.OrderId, (await ann.PlaceOrderAsync(new AddressInput("Ann Example", "1 Main St", null, "Springfield", "12345", "US"), "pm_card_visa", key, cancellation)).OrderId);
        Assert.Equal(3, (await ann.ListOrdersAsync(cancellationToken: cancellation)).Items.Count);
        await MockKafka.ReadAsync(bootstrap, "eshop.orders", 1, TimeSpan.FromSeconds(60),
            m => m.Message.Key == third.OrderId && CloudEventCodec.TryDecode(m.Message.Value)?.Type == EventTypes.OrderConfirmed);
        Assert.True(IsRunning(silos[1]), $"the surviving silo exited\n{Output}");

        // Every metric the dashboards and alerts read is exported by the shop after real checkouts (survivor and Api).
        var exported = new HashSet<string>(StringComparer.Ordinal);
        var survivor = await http.GetStringAsync(new Uri(SiloUrl().Matches(Output)[1].Groups[1].Value + "/metrics"), cancellation);
        foreach (var metrics in new[] { survivor, await http.GetStringAsync(new Uri(api, "/metrics"), cancellation) })
            exported.UnionWith(MetricLine().Matches(metrics).Select(m => m.Groups[1].Value));
        // The operators' Orleans dashboard, on the survivor's HTTP port, sees an active silo (once its grain, which may
        // have lived on the killed silo, has taken its first sample again).
        var dashboard = new Uri(SiloUrl().Matches(Output)[1].Groups[1].Value + "/dashboard/DashboardCounters");
        await Poll.Until(() => http.GetStringAsync(dashboard, cancellation), counters => counters.Contains("\"status\":\"Active\"", StringComparison.Ordinal),
            "the survivor's dashboard lists an active silo", Poll.FailoverDeadline, () => Output);
        // The order confirmed after the kill ran on the survivor, which counted it.
        Assert.Matches(new Regex("""^eshop_orders_status_changes_total\{[^}]*status="Confirmed"[^}]*\} [1-9]""", RegexOptions.Multiline), survivor);
        var used = Observability.DashboardQueries().Select(q => q.Expr).Concat(Observability.AlertQueries().Select(a => a.Expr))
            .SelectMany(Observability.MetricNames).ToHashSet(StringComparer.Ordinal);
        Assert.True(used.Count > 25, $"only {used.Count} metric names read from the dashboards and alerts");
        Assert.Empty(used.Except(exported).Except(NotScrapedAfterACheckout).Order(StringComparer.Ordinal));

        using (var interrupt = Process.Start("kill", ["-INT", _script.Id.ToString(CultureInfo.InvariantCulture)]))
            await interrupt.WaitForExitAsync(cancellation);
        await _script.WaitForExitAsync(cancellation).WaitAsync(TimeSpan.FromMinutes(1), cancellation);
        Assert.Contains("== stopped", Output, StringComparison.Ordinal);
        Assert.All(processes.Where(pid => pid != silos[0]), pid => Assert.False(IsRunning(pid), $"pid {pid} outlived Ctrl-C\n{Output}"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_script is { HasExited: false })
        {
            using (var term = Process.Start("kill", ["-TERM", _script.Id.ToString(CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            try
            {
                await _script.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                _script.Kill(entireProcessTree: true);
            }
        }

        _script?.Dispose();
    }

    private async Task<Uri> StartAsync(CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        // The suite's build made the Debug binaries (silo, Api, Kafka mock); the script must not build again.
        foreach (var argument in new[] { "docker/local-cluster.sh", "--no-build", "--silos", "2" })
            start.ArgumentList.Add(argument);
        // During the failover the test retries one checkout every 100 ms until it is accepted, then replays its key:
        // more than the 10 checkouts a minute a customer may place. The limit is not under test here (RateLimitApiTests).
        start.Environment["RateLimits__Checkout__PermitLimit"] = "1000";
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _script = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Keep(string? line)
        {
            if (line is null)
                return;
            _output.Enqueue(line);
            if (Ready().Match(line) is { Success: true } match)
                ready.TrySetResult(new Uri(match.Groups[1].Value));
        }

        _script.OutputDataReceived += (_, e) => Keep(e.Data);
        _script.ErrorDataReceived += (_, e) => Keep(e.Data);
        _script.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"local-cluster.sh exited before it was ready\n{Output}"));
        Assert.True(_script.Start());
        _script.BeginOutputReadLine();
        _script.BeginErrorReadLine();
        try
        {
            return await ready.Task.WaitAsync(ReadyDeadline, cancellation);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"local-cluster.sh not ready after {ReadyDeadline}\n{Output}");
        }
    }

    private static void Kill(int pid)
    {
        using var kill = Process.Start("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    [GeneratedRegex(@"^local cluster ready: api=(\S+)")]
    private static partial Regex Ready();

    [GeneratedRegex(@"^== silo\d+ \(pid (\d+)\) ready", RegexOptions.Multiline)]
    private static partial Regex SiloPid();

    [GeneratedRegex(@"^== silo\d+ \(pid \d+\) ready: (http://[^/\s]+)", RegexOptions.Multiline)]
    private static partial Regex SiloUrl();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", RegexOptions.Multiline)]
    private static partial Regex MetricLine();

    [GeneratedRegex(@"^== Kafka mock on (\S+)", RegexOptions.Multiline)]
    private static partial Regex KafkaMock();

    [GeneratedRegex(@"^== api \(pid (\d+),", RegexOptions.Multiline)]
    private static partial Regex ApiPid();
}
