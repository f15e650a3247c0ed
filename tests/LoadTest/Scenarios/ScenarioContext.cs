using EShop.LoadTest.Http;
using EShop.LoadTest.Measurement;
using EShop.LoadTest.Options;

namespace EShop.LoadTest.Scenarios;

/// <summary>A check at the end of a run: what was expected, what was found.</summary>
public sealed record Invariant(string Name, string Expected, string Actual, bool Passed);

/// <summary>What a scenario hands to the report beyond the recorder's statistics.</summary>
public sealed record ScenarioResult(
    string MainOperation,
    TimeSpan Measured,
    IReadOnlyList<OrderOutcome> Orders,
    IReadOnlyList<Invariant> Invariants,
    IReadOnlyDictionary<string, string> Facts);

/// <summary>What every scenario works with.</summary>
public sealed record ScenarioContext(LoadOptions Options, ShopClient Shop, RunRecorder Recorder, Action<string> Say)
{
    /// <summary>The current phase, shown by the live progress: set-up, warm-up, measuring, settling.</summary>
    public string Phase { get; set; } = "set-up";
}

/// <summary>One kind of load.</summary>
public interface IScenario
{
    /// <summary>Set-up that is not measured (users, skus); bounded by --setup-timeout.</summary>
    Task Prepare(ScenarioContext context, CancellationToken cancellationToken);

    /// <summary>The load itself; bounded by the options' load deadline.</summary>
    Task<ScenarioResult> Run(ScenarioContext context, CancellationToken cancellationToken);

    public static IScenario For(Scenario scenario) => scenario switch
    {
        Options.Scenario.Browse => new BrowseScenario(),
        Options.Scenario.Checkout => new CheckoutScenario(),
        Options.Scenario.Flash => new FlashScenario(),
        Options.Scenario.Mixed => new MixedScenario(),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };
}
