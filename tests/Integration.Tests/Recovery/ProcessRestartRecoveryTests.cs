using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Integration.Tests.Infrastructure;
using Npgsql;

namespace EShop.Integration.Tests.Recovery;

/// <summary>
/// The whole Api process is killed (SIGKILL) while orders wait on a slow payment, then started again on the same
/// database and ports: nothing acknowledged before the kill is lost, and every pending order completes once.
/// </summary>
[Collection(RecoveryCollection.Name)]
public sealed class ProcessRestartRecoveryTests(PostgresFixture postgres) : IAsyncDisposable
{
    // Seeded by the Development demo catalog, 100 of each.
    private const int SeededStock = 100;
    private const string Tee = "CLASSIC-TEE-BLACK-M";
    private const string Kettle = "KETTLE-STD";
    private const string Book = "SOURDOUGH-PAPERBACK";
    private const string Mug = "CERAMIC-MUG-BLUE";

    /// <summary>The first run's payments take this long: far longer than the test needs to place orders and kill it.</summary>
    private static readonly TimeSpan StuckPayment = TimeSpan.FromMinutes(5);

    /// <summary>The second run's payments: quick, so the resumed orders confirm soon.</summary>
    private static readonly TimeSpan QuickPayment = TimeSpan.FromMilliseconds(200);

    private readonly List<ApiProcess> _runs = [];

    private string Output => string.Join('\n', _runs.Select(r => r.Output));

    [Fact(Timeout = 240_000)]
    public async Task A_killed_process_restarted_on_its_database_keeps_accounts_carts_and_orders_and_confirms_each_pending_order_once()
    {
        var (database, ports) = (await postgres.NewDatabaseAsync(), ApiPorts.Free());
        var first = await StartAsync("first run", database, ports, StuckPayment);
        using var firstHttp = first.CreateClient();
        var ann = await HttpShopper.RegisterAsync(firstHttp, "ann");
        var bob = await HttpShopper.RegisterAsync(firstHttp, "bob");
        await ann.AddAsync(firstHttp, Tee, 2);
        await bob.AddAsync(firstHttp, Kettle, 1);
        await bob.AddAsync(firstHttp, Book, 1);
        var (annKey, bobKey) = ($"{Guid.NewGuid()}", $"{Guid.NewGuid()}");
        var placed = await Task.WhenAll(ann.PlaceOrderAsync(firstHttp, annKey), bob.PlaceOrderAsync(firstHttp, bobKey));
        var (annOrder, bobOrder) = (AcceptedOrderId(placed[0]), AcceptedOrderId(placed[1]));
        // Added after checkout: stays in the cart when the order takes its own lines out.
        await ann.AddAsync(firstHttp, Mug, 3);

        var atKill = await Task.WhenAll(ann.StatusAsync(firstHttp, annOrder), bob.StatusAsync(firstHttp, bobOrder));
        Assert.True(atKill.All(s => s == "Pending"), $"Orders should still wait on their payment when killed: {string.Join(", ", atKill)}");
        await first.KillAsync();

        var second = await StartAsync("second run", database, ports, QuickPayment);
        using var http = second.CreateClient();
        await ann.LogInAsync(http);
        await bob.LogInAsync(http);
        Assert.Equal([annOrder], await ann.OrderIdsAsync(http));
        Assert.Equal([bobOrder], await bob.OrderIdsAsync(http));

        foreach (var (shopper, orderId) in new[] { (ann, annOrder), (bob, bobOrder) })
        {
            var status = await Poll.Until(() => shopper.StatusAsync(http, orderId), s => s != "Pending", $"order {orderId} leaves Pending after the restart", Poll.FailoverDeadline, () => Output);
            Assert.True(status == "Confirmed", $"order {orderId} is {status}\n{Output}");
        }

        Assert.Equal(new Dictionary<string, long> { [annOrder] = 1, [bobOrder] = 1 }, await LedgerChargesAsync(database, TestContext.Current.CancellationToken));
        Assert.Equal([(Mug, 3)], await ann.CartAsync(http));
        Assert.Empty(await bob.CartAsync(http));
        // The checkout request was stored with its order: a retry after the restart answers that order, and no other.
        Assert.Equal(annOrder, AcceptedOrderId(await ann.PlaceOrderAsync(http, annKey)));
        Assert.Equal([annOrder], await ann.OrderIdsAsync(http));

        var admin = await HttpShopper.LogInAsync(http, "admin@eshop.local", "Admin123!ChangeMe");
        foreach (var (sku, sold) in new[] { (Tee, 2), (Kettle, 1), (Book, 1), (Mug, 0) })
            Assert.Equal((sku, SeededStock - sold, 0), await admin.StockAsync(http, sku));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs)
            await run.DisposeAsync();
    }

    private async Task<ApiProcess> StartAsync(string name, string database, ApiPorts ports, TimeSpan paymentLatency)
    {
        var run = await ApiProcess.StartAsync(name, database, ports, paymentLatency);
        _runs.Add(run);
        return run;
    }

    private string AcceptedOrderId(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/orders answered {(int)response.StatusCode}\n{Output}");
        using var body = JsonDocument.Parse(response.Content.ReadAsStream());
        return body.RootElement.GetProperty("orderId").GetString()!;
    }

    private static async Task<Dictionary<string, long>> LedgerChargesAsync(string database, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand("SELECT order_id, count(*) FROM payments_ledger GROUP BY order_id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var charges = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellation))
            charges[reader.GetString(0)] = reader.GetInt64(1);
        return charges;
    }
}
