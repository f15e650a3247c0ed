using EShop.LoadTest.Http;
using EShop.LoadTest.Measurement;

namespace EShop.LoadTest.Scenarios;

/// <summary>
/// Signed-in shoppers who mostly browse: each iteration is a browse step, a cart add or a checkout, by --mix
/// (80/15/5). A checkout with an empty cart first adds one line.
/// </summary>
public sealed class MixedScenario : IScenario
{
    private readonly Catalog _catalog = new();
    private readonly List<string> _skus = [];
    private IReadOnlyList<Customer> _users = [];

    public async Task Prepare(ScenarioContext context, CancellationToken cancellationToken)
    {
        await _catalog.Load(context.Shop.Connection(0), cancellationToken);
        for (var i = 0; i < context.Options.Lines; i++)
            _skus.Add(await context.Shop.CreateSku(1_000_000, cancellationToken));
        _users = await Users.Register(context, context.Options.Users, cancellationToken);
    }

    public async Task<ScenarioResult> Run(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var cartUnits = new int[_users.Count];
        var (measured, orders) = await TimedRun.Run(context, _users.Count, async (user, random, outcomes, token) =>
        {
            var customer = _users[user];
            var roll = random.Next(100);
            if (roll < options.Mix.Browse)
            {
                await _catalog.Step(customer.Connection, random, token);
                return;
            }

            // Cart lines are capped at 100 units: a cart that has had many adds is checked out instead.
            var checkout = roll >= options.Mix.Browse + options.Mix.Cart || cartUnits[user] >= 90;
            if (!checkout || cartUnits[user] == 0)
            {
                if ((await customer.AddToCart(_skus[random.Next(_skus.Count)], 1, token)).Ok)
                    cartUnits[user]++;
                if (!checkout)
                    return;
            }

            var outcome = await customer.Checkout(options.PaymentMethod, options.SettleTimeout, options.PollInterval, token);
            outcomes.Add(outcome);
            if (outcome.Status == "Confirmed")
                cartUnits[user] = 0;
        }, cancellationToken);
        return new ScenarioResult(Operations.ProductGet, measured, orders,
            [Checks.NoServerErrors(context.Recorder), Checks.NoStuckOrders(orders)], Checks.StatusFacts(orders));
    }
}
