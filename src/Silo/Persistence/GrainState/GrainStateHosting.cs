using EShop.Grains;
using EShop.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Hosting;

namespace EShop.Silo.Persistence.GrainState;

/// <summary>The stores behind the shop's storage providers: one per database (one in memory mode).</summary>
public sealed class GrainStateStores(IReadOnlyDictionary<string, IGrainStateStore> byProvider) : IAsyncDisposable
{
    /// <summary>The store of a storage provider (bounded context).</summary>
    public IGrainStateStore For(string provider) => byProvider[provider];

    /// <summary>Every distinct store, each once.</summary>
    public IEnumerable<IGrainStateStore> All => byProvider.Values.Distinct();

    public async ValueTask DisposeAsync()
    {
        foreach (var store in All.OfType<IAsyncDisposable>())
            await store.DisposeAsync();
    }
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

    /// <summary>PostgreSQL: one group-committing store per distinct database of <paramref name="databases"/>.</summary>
    public static ISiloBuilder AddPostgresGrainState(this ISiloBuilder silo, ShopDatabases databases, PostgresOptions options) =>
        silo.AddGrainState(sp =>
        {
            var stores = new Dictionary<string, IGrainStateStore>(StringComparer.Ordinal);
            var byDatabase = new Dictionary<string, IGrainStateStore>(StringComparer.Ordinal);
            foreach (var (provider, connectionString) in databases.Contexts)
            {
                if (!byDatabase.TryGetValue(connectionString, out var store))
                {
                    store = new PostgresGrainStateStore(
                        connectionString,
                        new GrainStateStoreOptions(options.StateWriters, options.StateBatch),
                        sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                        sp.GetRequiredService<ILogger<PostgresGrainStateStore>>());
                    byDatabase[connectionString] = store;
                }

                stores[provider] = store;
            }

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
