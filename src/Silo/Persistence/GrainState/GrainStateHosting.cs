using EShop.Grains;
using EShop.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime.Hosting;
using EShop.Hosting;

namespace EShop.Silo.Persistence.GrainState;

/// <summary>The stores behind the shop's storage providers: one per database (one in memory mode).</summary>
public sealed class GrainStateStores(IReadOnlyDictionary<string, IGrainStateStore> byProvider)
{
    /// <summary>The store of a storage provider (bounded context).</summary>
    public IGrainStateStore For(string provider) => byProvider[provider];

    /// <summary>Every distinct store, each once.</summary>
    public IEnumerable<IGrainStateStore> All => byProvider.Values.Distinct();
}

public static class GrainStateHosting
{
    /// <summary>Memory mode: every context in one in-process store.</summary>
    public static ISiloBuilder AddMemoryGrainState(this ISiloBuilder silo) =>
        silo.AddGrainState(sp =>
        {
            var store = new MemoryGrainStateStore(TimeProvider.System);
            return new GrainStateStores(AllProviders.ToDictionary(p => p, _ => (IGrainStateStore)store, StringComparer.Ordinal));
        });

    /// <summary>PostgreSQL: each context's state in its database, through that database's group commit and read pipe.</summary>
    public static ISiloBuilder AddPostgresGrainState(this ISiloBuilder silo, ShopDatabases databases) =>
        silo.AddGrainState(sp =>
        {
            var commits = sp.GetRequiredService<GroupCommits>();
            var byDatabase = new Dictionary<string, IGrainStateStore>(StringComparer.Ordinal);
            var stores = databases.Contexts.ToDictionary(
                c => c.Key,
                c => byDatabase.TryGetValue(c.Value, out var store) ? store : byDatabase[c.Value] = new PostgresGrainStateStore(commits.For(c.Value), commits.ReadsFor(c.Value)),
                StringComparer.Ordinal);
            return new GrainStateStores(stores);
        });

    private static IEnumerable<string> AllProviders => StorageNames.Contexts.Append(StorageNames.PubSub);

    private static ISiloBuilder AddGrainState(this ISiloBuilder silo, Func<IServiceProvider, GrainStateStores> stores)
    {
        silo.Services.TryAddSingleton(stores);
        foreach (var provider in AllProviders)
            silo.Services.AddGrainStorage(provider, (sp, name) => new GrainStateStorage(sp.GetRequiredService<GrainStateStores>().For(name), GrainStateJson.Serializer));
        silo.Services.AddSingleton<PendingWorkRecovery>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PendingWorkRecovery>());
        return silo;
    }
}
