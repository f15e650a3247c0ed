using EShop.Grains;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace EShop.Hosting;

/// <summary>
/// Where each bounded context keeps its state: <c>ConnectionStrings:{context}</c>, defaulting to the shared
/// <c>ConnectionStrings:eshop</c> (database per context, one server by default). Clustering, reminders and the
/// payments ledger live in the shared one.
/// </summary>
/// <remarks>
/// Every string handed out is normalized once with the <see cref="PostgresOptions"/> budget. Npgsql keeps one pool
/// per distinct connection string, so all Orleans providers (which only take a string), the migrator and the health
/// check on one database share one pool of <see cref="OrleansPoolSize"/>. The ledger and read model take an
/// <see cref="NpgsqlDataSource"/>, which is always a pool of its own: it gets <see cref="ShopPoolSize"/> from the
/// same budget, so the main database never sees more than <c>Postgres:MaxConnections</c> from this process.
/// </remarks>
public sealed class ShopDatabases
{
    public const string Main = "eshop";
    public const string Invariant = "Npgsql";

    private ShopDatabases(string main, string shop, IReadOnlyDictionary<string, string> contexts)
    {
        MainConnectionString = main;
        ShopConnectionString = shop;
        Contexts = contexts;
    }

    /// <summary>The main database for the Orleans providers (clustering, reminders, storage) and the migrator.</summary>
    public string MainConnectionString { get; }

    /// <summary>The main database for the shop's own tables (ledger, read model): its share of the same budget.</summary>
    public string ShopConnectionString { get; }

    /// <summary>Storage provider name -> connection string (PubSubStore included).</summary>
    public IReadOnlyDictionary<string, string> Contexts { get; }

    /// <summary>Every distinct database, the main one first: each needs the Orleans storage schema.</summary>
    public IEnumerable<string> Distinct => new[] { MainConnectionString }.Concat(Contexts.Values).Distinct(StringComparer.Ordinal);

    /// <summary>The ledger and read model's pool: an eighth of the budget, at least one connection.</summary>
    public static int ShopPoolSize(int budget) => Math.Max(1, budget / 8);

    /// <summary>What the Orleans providers may open on the main database: the budget minus the shop's share.</summary>
    public static int OrleansPoolSize(int budget) => budget - ShopPoolSize(budget);

    public static ShopDatabases From(IConfiguration configuration)
    {
        var main = configuration.GetConnectionString(Main);
        if (string.IsNullOrWhiteSpace(main))
            throw new InvalidOperationException($"Orleans:Storage=Postgres needs ConnectionStrings:{Main} (e.g. Host=127.0.0.1;Database=eshop;Username=eshop;Password=...).");
        var budget = PostgresOptions.From(configuration);
        var orleansMain = Bounded(main, OrleansPoolSize(budget.MaxConnections), budget.ConnectionWait);
        var contexts = StorageNames.Contexts.Append(StorageNames.PubSub).ToDictionary(
            c => c,
            c => configuration.GetConnectionString(c) is { Length: > 0 } own && own != main
                ? Bounded(own, budget.MaxConnections, budget.ConnectionWait)
                : orleansMain,
            StringComparer.Ordinal);
        return new ShopDatabases(orleansMain, Bounded(main, ShopPoolSize(budget.MaxConnections), budget.ConnectionWait), contexts);
    }

    /// <summary>At most <paramref name="poolSize"/> connections (an operator's lower Maximum Pool Size stays), waiting <paramref name="wait"/> for one.</summary>
    private static string Bounded(string connectionString, int poolSize, TimeSpan wait)
    {
        // No reset on close: nothing here changes session state, and the reset (DISCARD ALL) would be a transaction
        // of its own on every use of a pooled connection, doubling what a group commit costs the server.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = true, NoResetOnClose = true };
        // Statements run thousands of times a second are prepared once per connection instead of parsed and planned
        // by the server on every use. An operator's own (non-zero) Max Auto Prepare stays.
        if (builder.MaxAutoPrepare == 0)
            builder.MaxAutoPrepare = 64;
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, poolSize);
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        builder.Timeout = (int)Math.Ceiling(wait.TotalSeconds);
        return builder.ConnectionString;
    }
}
