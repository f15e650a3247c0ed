using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using EShop.Chaos.Stripe;
using EShop.Chaos.Workload;
using EShop.Client;
using Npgsql;

namespace EShop.Chaos.Checking;

/// <summary>One invariant's verdict, with what it looked at and, when it failed, the first few counterexamples.</summary>
internal sealed record InvariantResult(string Name, bool Passed, string Detail, IReadOnlyList<string> Counterexamples);

/// <summary>An order as the Api answered it after the run, with the events the topic holds for it.</summary>
internal sealed record FinalOrder(Order Order, int User);

/// <summary>
/// Reads the final state after the faults have stopped, never through the shop's own counters: every user's order
/// history and every order through the Api, stock through the Api, the money through the Stripe stand-in's ledger (and
/// the shop's payments_ledger table beside it), the events from the Kafka topic and the read model's table in
/// PostgreSQL. Each claim of the shop is an invariant here; each violation names the orders that break it.
/// </summary>
internal sealed class Checker(RunOptions options, string connectionString, string bootstrap, StripeStandIn stripe, Action<string> say)
{
    private static readonly HashSet<string> Final = [OrderStatuses.Confirmed, OrderStatuses.Failed, OrderStatuses.Cancelled, OrderStatuses.Shipped, OrderStatuses.Delivered];
    private static readonly HashSet<string> Sold = [OrderStatuses.Confirmed, OrderStatuses.Shipped, OrderStatuses.Delivered];

    public Dictionary<string, int> OrdersByStatus { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> FailureReasons { get; } = new(StringComparer.Ordinal);

    public double SettleSeconds { get; private set; }

    public async Task<IReadOnlyList<InvariantResult>> CheckAsync(IReadOnlyList<EShopClient> users, EShopClient admin, RunCatalog catalog, IReadOnlyList<AcceptedOrder> accepted, CancellationToken cancellationToken)
    {
        var results = new List<InvariantResult>();
        var started = DateTime.UtcNow;
        var orders = await SettleAsync(users, cancellationToken);
        SettleSeconds = (DateTime.UtcNow - started).TotalSeconds;
        foreach (var order in orders.Values)
        {
            OrdersByStatus[order.Order.Status] = OrdersByStatus.GetValueOrDefault(order.Order.Status) + 1;
            if (order.Order.FailureReason is { } reason)
                FailureReasons[reason] = FailureReasons.GetValueOrDefault(reason) + 1;
        }

        results.Add(Check("every accepted order is kept and settles",
            accepted.Where(a => !orders.TryGetValue(a.OrderId, out var o) || !Final.Contains(o.Order.Status))
                .Select(a => orders.TryGetValue(a.OrderId, out var o) ? $"{a.OrderId} is still {o.Order.Status}" : $"{a.OrderId} (accepted at {a.AcceptedAt:0.0} s) is in no order history"),
            $"{accepted.Count} accepted, {orders.Count} in the users' histories, settled within {SettleSeconds:0} s after the run"));
        results.Add(Check("every order in the histories settles",
            orders.Values.Where(o => !Final.Contains(o.Order.Status)).Select(o => $"{o.Order.OrderId} is {o.Order.Status}"),
            $"{orders.Count} orders"));

        results.AddRange(await CheckStockAsync(admin, catalog, orders.Values, cancellationToken));
        results.AddRange(await Eventually(() => CheckMoneyAsync(orders.Values, cancellationToken), cancellationToken));
        results.Add(await CheckEventsAsync(orders.Values, cancellationToken));
        results.Add(await CheckReadModelAsync(orders.Values, cancellationToken));
        return results;
    }

    /// <summary>Each user's history, paged, until no order in it is Pending (or the settle time is up), then each order in full.</summary>
    private async Task<Dictionary<string, FinalOrder>> SettleAsync(IReadOnlyList<EShopClient> users, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.SettleTimeout;
        while (true)
        {
            var summaries = new List<(string OrderId, string Status, int User)>();
            for (var user = 0; user < users.Count; user++)
            {
                for (var page = 1; ; page++)
                {
                    var list = await Retry(() => users[user].ListOrdersAsync(page, 100, cancellationToken), cancellationToken);
                    summaries.AddRange(list.Items.Select(s => (s.OrderId, s.Status, user)));
                    if (page * 100 >= list.Total)
                        break;
                }
            }
            var pending = summaries.Count(s => !Final.Contains(s.Status));
            var webhooks = stripe.Webhooks?.Pending ?? 0;
            if ((pending == 0 && webhooks == 0) || DateTime.UtcNow > deadline)
            {
                say($"checker: {summaries.Count} orders in the histories, {pending} not settled");
                var orders = new Dictionary<string, FinalOrder>(StringComparer.Ordinal);
                foreach (var (orderId, _, user) in summaries)
                    orders[orderId] = new FinalOrder(await Retry(() => users[user].GetOrderAsync(orderId, cancellationToken), cancellationToken), user);
                return orders;
            }
            say($"checker: {pending} of {summaries.Count} orders not settled yet, {webhooks} Stripe webhooks not yet taken");
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        }
    }

    private async Task<IReadOnlyList<InvariantResult>> CheckStockAsync(EShopClient admin, RunCatalog catalog, IEnumerable<FinalOrder> orders, CancellationToken cancellationToken)
    {
        var soldUnits = orders.Where(o => Sold.Contains(o.Order.Status)).SelectMany(o => o.Order.Items)
            .GroupBy(i => i.Sku).ToDictionary(g => g.Key, g => g.Sum(i => i.Quantity), StringComparer.Ordinal);

        // Held stock comes back when orders settle, or when its reservation lapses: wait at most the TTL and a sweep.
        var deadline = DateTime.UtcNow + options.ReservationTtl + TimeSpan.FromSeconds(90);
        var levels = new Dictionary<string, StockLevel>(StringComparer.Ordinal);
        while (true)
        {
            foreach (var sku in catalog.InitialOnHand.Keys)
                levels[sku] = await Retry(() => admin.GetStockAsync(sku, cancellationToken), cancellationToken);
            if (levels.Values.All(l => l.Reserved == 0) || DateTime.UtcNow > deadline)
                break;
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        }

        var conservation = catalog.InitialOnHand.Where(s => levels[s.Key].OnHand + soldUnits.GetValueOrDefault(s.Key) != s.Value)
            .Select(s => $"{s.Key}: initial {s.Value}, on hand {levels[s.Key].OnHand}, sold {soldUnits.GetValueOrDefault(s.Key)}");
        var reserved = levels.Values.Where(l => l.Reserved != 0).Select(l => $"{l.Sku}: {l.Reserved} still reserved");
        var oversold = catalog.InitialOnHand.Where(s => soldUnits.GetValueOrDefault(s.Key) > s.Value || levels[s.Key].OnHand < 0)
            .Select(s => $"{s.Key}: had {s.Value}, sold {soldUnits.GetValueOrDefault(s.Key)}, on hand {levels[s.Key].OnHand}");
        var flash = catalog.FlashSku;
        return
        [
            Check("stock is conserved: initial = on hand + units in Confirmed/Shipped/Delivered orders", conservation,
                string.Join(", ", catalog.InitialOnHand.Select(s => $"{s.Key} {s.Value}={levels[s.Key].OnHand}+{soldUnits.GetValueOrDefault(s.Key)}"))),
            Check("nothing stays reserved after the TTL", reserved, $"{levels.Count} skus"),
            Check("no sku sold more than it had", oversold, $"flash sku {flash}: {soldUnits.GetValueOrDefault(flash)} sold of {catalog.InitialOnHand[flash]}"),
        ];
    }

    private async Task<IReadOnlyList<InvariantResult>> CheckMoneyAsync(IEnumerable<FinalOrder> finalOrders, CancellationToken cancellationToken)
    {
        var orders = finalOrders.ToList();
        var intents = stripe.Intents;
        var refunds = stripe.Refunds;
        var charges = intents.Where(i => i.Succeeded).GroupBy(i => i.OrderId ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var refundsByIntent = refunds.GroupBy(r => r.PaymentIntentId ?? "").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var doubleCharges = charges.Where(c => c.Value.Count > 1).Select(c => $"{c.Key}: {c.Value.Count} captures ({string.Join(", ", c.Value.Select(i => i.Id))})");
        var unrefunded = orders.Where(o => !Sold.Contains(o.Order.Status))
            .SelectMany(o => charges.GetValueOrDefault(o.Order.OrderId, []).Select(i => (o, i)))
            .Where(x => refundsByIntent.GetValueOrDefault(x.i.Id) != 1)
            .Select(x => $"{x.o.Order.OrderId} is {x.o.Order.Status}, capture {x.i.Id} has {refundsByIntent.GetValueOrDefault(x.i.Id)} refunds");
        var unpaid = orders.Where(o => Sold.Contains(o.Order.Status))
            .Where(o => charges.GetValueOrDefault(o.Order.OrderId, []) is not [var only] || only.Amount != o.Order.Total.Amount || refundsByIntent.ContainsKey(only.Id))
            .Select(o => $"{o.Order.OrderId} is {o.Order.Status} with {charges.GetValueOrDefault(o.Order.OrderId, []).Count} captures for {o.Order.Total.Amount}");
        var known = orders.Select(o => o.Order.OrderId).ToHashSet(StringComparer.Ordinal);
        var strangers = charges.Keys.Where(k => !known.Contains(k)).Select(k => $"a capture names order '{k}', which no user has");

        var ledger = await ShopLedgerAsync(cancellationToken);
        var disagreements = charges.SelectMany(c => c.Value)
            .Where(i => !ledger.Contains((i.OrderId ?? "", i.Id)))
            .Select(i => $"{i.OrderId}: Stripe captured {i.Id}, the shop's payments_ledger has no row for it")
            .Concat(ledger.Where(l => !charges.GetValueOrDefault(l.OrderId, []).Any(i => i.Id == l.IntentId))
                .Select(l => $"{l.OrderId}: payments_ledger has {l.IntentId}, Stripe captured no such payment"));

        return
        [
            Check("at most one capture per order", doubleCharges, $"{intents.Count} PaymentIntents at Stripe, {charges.Sum(c => c.Value.Count)} captured, {refunds.Count} refunds"),
            Check("every captured order that failed or was cancelled is refunded once", unrefunded, ""),
            Check("every sold order is paid once, in full, and not refunded", unpaid, ""),
            Check("Stripe captured only for orders the users have", strangers, ""),
            Check("the shop's payments_ledger agrees with Stripe", disagreements, $"{ledger.Count} ledger rows"),
            Check("the shop never sent an Idempotency-Key again with other parameters",
                stripe.Counts.IdempotencyConflicts == 0 ? [] : [$"{stripe.Counts.IdempotencyConflicts} requests answered idempotency_error"],
                $"{stripe.Counts.Replayed} replays answered from the first answer"),
        ];
    }

    private async Task<HashSet<(string OrderId, string IntentId)>> ShopLedgerAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT order_id, payment_intent_id FROM payments_ledger", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new HashSet<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    /// <summary>
    /// The topic must hold each order's status changes in order: the first time each sequence number appears, they
    /// appear 1, 2, 3... (at-least-once delivery may repeat an event, never skip or reorder one), up to the final status.
    /// </summary>
    private async Task<InvariantResult> CheckEventsAsync(IEnumerable<FinalOrder> finalOrders, CancellationToken cancellationToken)
    {
        var orders = finalOrders.ToDictionary(o => o.Order.OrderId, StringComparer.Ordinal);
        var seen = new Dictionary<string, List<(int Sequence, string Status)>>(StringComparer.Ordinal);
        var problems = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"chaos-checker-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        };
        using var consumer = new ConsumerBuilder<string?, byte[]>(config).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe("eshop.orders");
        var messages = 0;
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is null || result.IsPartitionEOF)
            {
                if (orders.Values.All(o => Complete(seen, o.Order)))
                    break;
                continue;
            }
            messages++;
            using var document = JsonDocument.Parse(result.Message.Value);
            if (!document.RootElement.TryGetProperty("data", out var data) || !data.TryGetProperty("orderId", out var id))
                continue;
            var list = seen.TryGetValue(id.GetString()!, out var existing) ? existing : seen[id.GetString()!] = [];
            list.Add((data.GetProperty("sequence").GetInt32(), data.GetProperty("status").GetString()!));
        }
        consumer.Close();

        foreach (var order in orders.Values.Select(o => o.Order))
        {
            var firsts = seen.GetValueOrDefault(order.OrderId, []).DistinctBy(e => e.Sequence).ToList();
            var expected = order.History.Select((h, i) => (Sequence: i + 1, h.Status)).ToList();
            if (!firsts.SequenceEqual(expected))
                problems.Add($"{order.OrderId}: history {string.Join(",", expected.Select(e => $"{e.Sequence}:{e.Status}"))}, topic {string.Join(",", firsts.Select(e => $"{e.Sequence}:{e.Status}"))}");
        }
        var repeats = seen.Values.Sum(l => l.Count - l.DistinctBy(e => e.Sequence).Count());
        return Check("every order's events are on the topic, in order, after the brokers returned", problems,
            $"{messages} messages on eshop.orders for {seen.Count} orders, {repeats} repeated deliveries");
    }

    private static bool Complete(Dictionary<string, List<(int Sequence, string Status)>> seen, Order order) =>
        seen.TryGetValue(order.OrderId, out var events) && events.Any(e => e.Sequence == order.History.Count);

    /// <summary>The read model (order_read_model) must come to agree with every order: status and sequence.</summary>
    private async Task<InvariantResult> CheckReadModelAsync(IEnumerable<FinalOrder> finalOrders, CancellationToken cancellationToken)
    {
        var orders = finalOrders.ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        List<string> problems;
        do
        {
            var rows = new Dictionary<string, (string Status, int Sequence)>(StringComparer.Ordinal);
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT order_id, status, sequence FROM order_read_model", connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    rows[reader.GetString(0)] = (reader.GetString(1), reader.GetInt32(2));
            }
            problems = [.. orders.Select(o => o.Order)
                .Where(o => !rows.TryGetValue(o.OrderId, out var row) || row.Status != o.Status || row.Sequence != o.History.Count)
                .Select(o => rows.TryGetValue(o.OrderId, out var row)
                    ? $"{o.OrderId}: order {o.Status}/{o.History.Count}, read model {row.Status}/{row.Sequence}"
                    : $"{o.OrderId}: order {o.Status}, no read-model row")];
            if (problems.Count == 0)
                break;
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        }
        while (DateTime.UtcNow < deadline);
        return Check("the read model agrees with every order", problems, $"{orders.Count} orders");
    }

    /// <summary>
    /// A refund that failed is retried by a reminder: first after <c>Payments:RetryInterval</c> (5 s here), then at
    /// Orleans' minimum reminder period (1 minute), and a reminder whose silo died waits for another silo to take it up:
    /// checks that can still come true are read again for up to three minutes before their verdict stands.
    /// </summary>
    private static async Task<IReadOnlyList<InvariantResult>> Eventually(Func<Task<IReadOnlyList<InvariantResult>>> check, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var results = await check();
            if (results.All(r => r.Passed) || DateTime.UtcNow > deadline)
                return results;
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        }
    }

    private static InvariantResult Check(string name, IEnumerable<string> violations, string detail)
    {
        var list = violations.ToList();
        return new InvariantResult(name, list.Count == 0, list.Count == 0 ? detail : $"{list.Count} violations. {detail}".Trim(), [.. list.Take(10)]);
    }

    /// <summary>The checker's own reads ride out a cluster that is still settling: 5xx and no answer are tried again.</summary>
    private static async Task<T> Retry<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (attempt < 20 && (error is TimeoutException or HttpRequestException ||
                error is EShopApiException { Status: >= System.Net.HttpStatusCode.InternalServerError }))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * Math.Min(attempt, 6)), cancellationToken);
            }
        }
    }
}
