using System.Diagnostics;
using System.Globalization;
using EShop.Client;
using EShop.LoadTest.Http;
using EShop.LoadTest.Measurement;

namespace EShop.LoadTest.Scenarios;

/// <summary>
/// A flash sale: --buyers signed-in customers race for --units of one fresh sku, each adding one to its cart and
/// checking out at once; then the admin API checks that exactly the units were sold and nothing was stranded.
/// </summary>
public sealed class FlashScenario : IScenario
{
    private string _sku = "";
    private IReadOnlyList<Customer> _buyers = [];

    public async Task Prepare(ScenarioContext context, CancellationToken cancellationToken)
    {
        _sku = await context.Shop.CreateSku(context.Options.Units, cancellationToken);
        _buyers = await Users.Register(context, context.Options.Buyers, cancellationToken);
    }

    public async Task<ScenarioResult> Run(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        context.Say($"sale of {options.Units} units of {_sku} to {_buyers.Count} buyers starts");
        context.Recorder.StartMeasuring();
        context.Phase = "selling";
        var started = Stopwatch.GetTimestamp();
        var orders = await Task.WhenAll(_buyers.Select(buyer => Task.Run(async () =>
        {
            await buyer.AddToCart(_sku, 1, cancellationToken);
            return await buyer.Checkout(options.PaymentMethod, options.SettleTimeout, options.PollInterval, cancellationToken);
        }, cancellationToken)));
        var measured = Stopwatch.GetElapsedTime(started);
        context.Recorder.StopMeasuring();
        context.Phase = "checking";

        var placed = orders.Where(o => o.OrderId is not null).ToList();
        var settle = placed.Count == 0 ? TimeSpan.Zero
            : Stopwatch.GetElapsedTime(placed.Max(o => o.PostAnsweredAt), placed.Max(o => o.SettledAt));
        var stock = await SettledStock(context, cancellationToken);
        var sold = Math.Min(options.Units, options.Buyers);
        var confirmed = orders.Count(o => o.Status == "Confirmed");
        var invariants = new List<Invariant>
        {
            Checks.Of("every buyer's checkout was accepted (202)", options.Buyers, placed.Count),
            Checks.Of("Confirmed orders = min(units, buyers)", sold, confirmed),
            Checks.Of("Failed orders with failureReason out_of_stock = buyers - confirmed", options.Buyers - sold,
                orders.Count(o => o is { Status: "Failed", FailureReason: "out_of_stock" })),
            Checks.NoStuckOrders(orders),
            Checks.Of("onHand = units - confirmed", options.Units - confirmed, stock.OnHand),
            Checks.Of("reserved = 0", 0, stock.Reserved),
            Checks.NoServerErrors(context.Recorder),
            new("every order settled within the settle timeout of the last POST's answer",
                FormattableString.Invariant($"<= {options.SettleTimeout.TotalSeconds:F1} s"),
                FormattableString.Invariant($"{settle.TotalSeconds:F3} s"),
                settle <= options.SettleTimeout && orders.All(o => o.Status != OrderOutcome.Stuck)),
        };
        var facts = Checks.StatusFacts(orders);
        facts["sku"] = _sku;
        facts["settleSeconds"] = settle.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture);
        facts["stock.onHand"] = Checks.Count(stock.OnHand);
        facts["stock.reserved"] = Checks.Count(stock.Reserved);
        facts["stock.available"] = Checks.Count(stock.Available);
        return new ScenarioResult(Operations.Checkout, measured, orders, invariants, facts);
    }

    /// <summary>The sku's stock once the releases of failed orders have landed (they follow the order's status by a moment).</summary>
    private async Task<StockLevel> SettledStock(ScenarioContext context, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp();
        while (true)
        {
            var stock = await context.Shop.Stock(_sku, cancellationToken);
            if (stock.Reserved == 0 || Stopwatch.GetElapsedTime(deadline) > TimeSpan.FromSeconds(5))
                return stock;
            await Task.Delay(100, cancellationToken);
        }
    }
}
