using EShop.LoadTest.Http;
using EShop.LoadTest.Measurement;

namespace EShop.LoadTest.Scenarios;

/// <summary>Each user loops: --lines cart adds (one per sku), POST /api/orders, poll until the order settles.</summary>
public sealed class CheckoutScenario : IScenario
{
    private readonly List<string> _skus = [];
    private IReadOnlyList<Customer> _users = [];

    public async Task Prepare(ScenarioContext context, CancellationToken cancellationToken)
    {
        for (var i = 0; i < context.Options.Lines; i++)
            _skus.Add(await context.Shop.CreateSku(1_000_000, cancellationToken));
        _users = await Users.Register(context, context.Options.Users, cancellationToken);
    }

    public async Task<ScenarioResult> Run(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var (measured, orders) = await TimedRun.Run(context, _users.Count, async (user, _, outcomes, token) =>
        {
            var customer = _users[user];
            foreach (var sku in _skus)
                await customer.AddToCart(sku, 1, token);
            outcomes.Add(await customer.Checkout(options.PaymentMethod, options.SettleTimeout, options.PollInterval, token));
        }, cancellationToken);
        return new ScenarioResult(Operations.Checkout, measured, orders,
            [Checks.NoServerErrors(context.Recorder), Checks.NoStuckOrders(orders)], Checks.StatusFacts(orders));
    }
}
