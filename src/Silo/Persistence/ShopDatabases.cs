using EShop.Grains;
using Microsoft.Extensions.Configuration;

namespace EShop.Silo.Persistence;

/// <summary>
/// Where each bounded context keeps its state: <c>ConnectionStrings:{context}</c>, defaulting to the shared
/// <c>ConnectionStrings:eshop</c> (database per context, one server by default). Clustering, reminders and the
/// payments ledger live in the shared one.
/// </summary>
public sealed class ShopDatabases
{
    public const string Main = "eshop";
    public const string Invariant = "Npgsql";

    private ShopDatabases(string main, IReadOnlyDictionary<string, string> contexts)
    {
        MainConnectionString = main;
        Contexts = contexts;
    }

    public string MainConnectionString { get; }

    /// <summary>Storage provider name -> connection string (PubSubStore included).</summary>
    public IReadOnlyDictionary<string, string> Contexts { get; }

    /// <summary>Every distinct database, the main one first: each needs the Orleans storage schema.</summary>
    public IEnumerable<string> Distinct => new[] { MainConnectionString }.Concat(Contexts.Values).Distinct(StringComparer.Ordinal);

    public static ShopDatabases From(IConfiguration configuration)
    {
        var main = configuration.GetConnectionString(Main);
        if (string.IsNullOrWhiteSpace(main))
            throw new InvalidOperationException($"Orleans:Storage=Postgres needs ConnectionStrings:{Main} (e.g. Host=127.0.0.1;Database=eshop;Username=eshop;Password=...).");
        var contexts = StorageNames.Contexts.Append(StorageNames.PubSub)
            .ToDictionary(c => c, c => configuration.GetConnectionString(c) is { Length: > 0 } own ? own : main, StringComparer.Ordinal);
        return new ShopDatabases(main, contexts);
    }
}
