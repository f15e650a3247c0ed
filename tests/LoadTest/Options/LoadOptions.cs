namespace EShop.LoadTest.Options;

/// <summary>The scenarios the tool runs, by their command-line names.</summary>
public enum Scenario
{
    Browse,
    Checkout,
    Flash,
    Mixed,
}

/// <summary>A share of each mixed-scenario iteration, in percent: browse, cart add, checkout.</summary>
public sealed record MixShares(int Browse, int Cart, int Checkout);

/// <summary>Everything one run is told on the command line; <see cref="OptionsParser"/> makes and checks it.</summary>
public sealed record LoadOptions
{
    public Scenario Scenario { get; init; } = Scenario.Checkout;
    public Uri Url { get; init; } = new("http://127.0.0.1:5000");
    public int Users { get; init; } = 32;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public int Lines { get; init; } = 1;
    public int Buyers { get; init; } = 2000;
    public int Units { get; init; } = 100;
    public MixShares Mix { get; init; } = new(80, 15, 5);
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);
    public int RegisterConcurrency { get; init; } = 32;
    public string PaymentMethod { get; init; } = "pm_card_visa";
    public string AdminEmail { get; init; } = "admin@eshop.local";
    public string AdminPassword { get; init; } = "Admin123!ChangeMe";
    public bool OneAddress { get; init; }

    /// <summary>Customers from the shop's Development-only POST /api/dev/customers instead of registering each.</summary>
    public bool DevCustomers { get; init; }
    public string? Out { get; init; }
    public string? Label { get; init; }
    public IReadOnlyDictionary<string, string> Notes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public bool Help { get; init; }

    /// <summary>The scenario's name as typed on the command line.</summary>
    public string ScenarioName => Scenario.ToString().ToLowerInvariant();

    /// <summary>Timed scenarios run warm-up plus duration; flash runs until every buyer has an answer.</summary>
    public bool IsTimed => Scenario != Scenario.Flash;

    /// <summary>
    /// The longest the load phase may take, set-up excluded: the timed part (or nothing, for flash), then the
    /// last checkout's POST and settling, each with its own deadline. Past this the run is cancelled.
    /// </summary>
    public TimeSpan LoadDeadline =>
        (IsTimed ? Warmup + Duration : TimeSpan.Zero) + SettleTimeout + (RequestTimeout * (Lines + 3)) + TimeSpan.FromSeconds(5);

    /// <summary>The report folder: <c>--out</c>, or loadtest-results/&lt;scenario&gt;-&lt;UTC timestamp&gt;.</summary>
    public string OutputFolder(DateTimeOffset startedAt) =>
        Out ?? Path.Combine("loadtest-results", $"{ScenarioName}-{startedAt.UtcDateTime:yyyyMMdd-HHmmss}");

    /// <summary>The settings a report records (never the admin password).</summary>
    public IReadOnlyDictionary<string, string> Describe()
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["scenario"] = ScenarioName,
            ["url"] = Url.ToString(),
            ["requestTimeoutSeconds"] = Seconds(RequestTimeout),
            ["settleTimeoutSeconds"] = Seconds(SettleTimeout),
            ["pollIntervalMs"] = PollInterval.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["paymentMethod"] = PaymentMethod,
            ["oneAddress"] = OneAddress ? "true" : "false",
            ["devCustomers"] = DevCustomers ? "true" : "false",
        };
        if (Scenario == Scenario.Flash)
        {
            all["buyers"] = Buyers.ToString(System.Globalization.CultureInfo.InvariantCulture);
            all["units"] = Units.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            all["users"] = Users.ToString(System.Globalization.CultureInfo.InvariantCulture);
            all["seconds"] = Seconds(Duration);
            all["warmupSeconds"] = Seconds(Warmup);
        }

        if (Scenario is Scenario.Checkout or Scenario.Mixed)
            all["lines"] = Lines.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Scenario == Scenario.Mixed)
            all["mix"] = FormattableString.Invariant($"browse {Mix.Browse}% / cart {Mix.Cart}% / checkout {Mix.Checkout}%");
        return all;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
