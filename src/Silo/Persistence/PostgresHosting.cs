using EShop.Grains;
using EShop.Grains.Orders.ReadModel;
using EShop.Grains.Payments;
using EShop.Hosting;
using EShop.Silo.Persistence.GrainState;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EShop.Silo.Persistence;

/// <summary><c>Orleans:Storage=Postgres</c>: the Orleans ADO.NET providers on Npgsql, and the shop's own tables.</summary>
public static class PostgresHosting
{
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var databases = ShopDatabases.From(configuration);
        return silo.UseAdoNetClustering(options =>
        {
            options.Invariant = ShopDatabases.Invariant;
            options.ConnectionString = databases.MainConnectionString;
        });
    }

    /// <summary>Grain storage per context, reminders and the payments ledger on PostgreSQL, migrated at start-up.</summary>
    public static ISiloBuilder AddPostgresPersistence(this ISiloBuilder silo, IConfiguration configuration)
    {
        var databases = ShopDatabases.From(configuration);
        var budget = PostgresOptions.From(configuration);
        silo.Services.AddSingleton(sp => new GroupCommits(
            new GroupCommitOptions(budget.CommitWriters, budget.CommitBatch, budget.ConnectionWait),
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<ILoggerFactory>()));
        silo.AddPostgresGrainState(databases);

        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = ShopDatabases.Invariant;
            options.ConnectionString = databases.MainConnectionString;
        });

        var services = silo.Services;
        PostgresClustering.CarryNpgsqlErrors(services);
        services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(databases);
        services.AddSingleton(_ => NpgsqlDataSource.Create(databases.ShopConnectionString));
        services.AddSingleton<IPaymentLedger, PostgresPaymentLedger>();
        services.Replace(ServiceDescriptor.Singleton<IOrderReadStore, PostgresOrderReadStore>());
        services.AddSingleton<DatabaseMigrator>();

        // Before anything reads the database: storage, reminders and membership all start later than First.
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new MigrateOnStart(sp.GetRequiredService<DatabaseMigrator>()));
        return silo;
    }

    /// <summary>
    /// Without this a storage failure (e.g. the connection budget exhausted) cannot be sent back to the caller:
    /// Orleans copies exceptions only from allowed namespaces and answers CodecNotFoundException instead, which
    /// hides the cause from the Api's 503 shedding.
    /// </summary>
    private sealed class MigrateOnStart(DatabaseMigrator migrator) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(MigrateOnStart), ServiceLifecycleStage.First, cancellation => Task.Run(migrator.MigrateAll, cancellation));
    }
}
