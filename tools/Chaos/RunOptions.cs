using System.Globalization;

namespace EShop.Chaos;

/// <summary>What a run does: its traffic, its faults and how long, by profile (<c>short</c> for CI, <c>failover</c>, <c>long</c>).</summary>
internal sealed record RunOptions
{
    public string Profile { get; init; } = "short";
    public string Repository { get; init; } = "";
    public string Configuration { get; init; } = "Debug";
    public string Output { get; init; } = "chaos-results";
    public string NetworkPrefix { get; init; } = "eshc";
    public int Seed { get; init; } = 1;
    public int Silos { get; init; } = 3;
    public int Users { get; init; } = 8;
    public int Skus { get; init; } = 6;
    public int Stock { get; init; } = 100_000;
    public int FlashStock { get; init; } = 60;
    public double FlashShare { get; init; } = 0.2;
    public double DeclinedShare { get; init; } = 0.15;
    public double CancelShare { get; init; } = 0.1;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(90);
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan ReservationTtl { get; init; } = TimeSpan.FromSeconds(90);
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromMinutes(4);
    public TimeSpan Overtime { get; init; } = TimeSpan.FromMinutes(2);
    public FaultMix Faults { get; init; } = FaultMix.Short;

    public static RunOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'. Usage: see docs/chaos.md.");
            values[args[i][2..]] = args[++i];
        }

        var profile = values.GetValueOrDefault("profile", "short");
        var options = profile switch
        {
            "short" => new RunOptions(),
            "failover" => new RunOptions { Profile = profile, Duration = TimeSpan.FromMinutes(3), Users = 8, Faults = FaultMix.KillsOnly },
            "long" => new RunOptions { Profile = profile, Duration = TimeSpan.FromMinutes(10), Users = 12, FlashStock = 300, Faults = FaultMix.Long },
            _ => throw new ArgumentException($"Unknown profile '{profile}': short, failover or long."),
        };
        foreach (var (name, value) in values)
        {
            options = name switch
            {
                "profile" => options,
                "repo" => options with { Repository = Path.GetFullPath(value) },
                "configuration" => options with { Configuration = value },
                "out" => options with { Output = value },
                "seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "users" => options with { Users = int.Parse(value, CultureInfo.InvariantCulture) },
                "network" => options with { NetworkPrefix = value },
                "seconds" => options with { Duration = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"Unknown option --{name}."),
            };
        }
        return options.Repository.Length > 0 ? options : options with { Repository = FindRepository() };
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EShop.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository (EShop.sln) above the runner; pass --repo.");
    }
}

/// <summary>
/// Which faults a run applies and how often (seconds between the starts of two faults of a kind; 0 = never), and the
/// silo faults it promises: when faults run late (a restarted silo waits for PostgreSQL to come back, say), the traffic
/// goes on past the profile's duration until the promised kills and partitions have been applied, for at most
/// <see cref="RunOptions.Overtime"/>.
/// </summary>
internal sealed record FaultMix(
    double KillEvery, double PartitionEvery, double PostgresStopEvery, double PostgresPauseEvery, double KafkaAwayEvery, double StripeEvery,
    int PromisedKills = 0, int PromisedPartitions = 0)
{
    /// <summary>CI: 90 s with two or three kills, one partition, one of each other fault; two kills and the partition are promised.</summary>
    public static readonly FaultMix Short = new(
        KillEvery: 25, PartitionEvery: 90, PostgresStopEvery: 60, PostgresPauseEvery: 60, KafkaAwayEvery: 60, StripeEvery: 30, PromisedKills: 2, PromisedPartitions: 1);

    /// <summary>The availability target's run: a silo SIGKILLed every 20 s, nothing else.</summary>
    public static readonly FaultMix KillsOnly = new(KillEvery: 20, PartitionEvery: 0, PostgresStopEvery: 0, PostgresPauseEvery: 0, KafkaAwayEvery: 0, StripeEvery: 0);

    /// <summary>Ten minutes of everything, often: about two hundred faults.</summary>
    public static readonly FaultMix Long = new(KillEvery: 12, PartitionEvery: 60, PostgresStopEvery: 100, PostgresPauseEvery: 40, KafkaAwayEvery: 30, StripeEvery: 4);
}
