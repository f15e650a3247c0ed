using EShop.LoadTest.Measurement;

namespace EShop.LoadTest.Scenarios;

/// <summary>Anonymous shoppers: list pages, searches and product pages; no set-up beyond reading the catalog.</summary>
public sealed class BrowseScenario : IScenario
{
    private readonly Catalog _catalog = new();

    public Task Prepare(ScenarioContext context, CancellationToken cancellationToken) =>
        _catalog.Load(context.Shop.Connection(0), cancellationToken);

    public async Task<ScenarioResult> Run(ScenarioContext context, CancellationToken cancellationToken)
    {
        var connections = Enumerable.Range(0, context.Options.Users).Select(context.Shop.Connection).ToList();
        var (measured, _) = await TimedRun.Run(context, connections.Count,
            (user, random, _, token) => _catalog.Step(connections[user], random, token), cancellationToken);
        return new ScenarioResult(Operations.ProductGet, measured, [], [Checks.NoServerErrors(context.Recorder)],
            new Dictionary<string, string>(StringComparer.Ordinal));
    }
}
