using EShop.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace EShop.Integration.Tests.Infrastructure;

/// <summary>
/// In-process Orleans test clusters whose silos run the shop's own providers with <c>Orleans:Storage=Postgres</c>
/// (storage per context, reminders, the payments ledger, migrations at start) on a given database. Clustering is
/// the test cluster's own, so only <c>AddEShopProviders</c> is called, never <c>AddEShopSilo</c>.
/// </summary>
public static class PostgresCluster
{
    /// <summary>
    /// One service id for every cluster: rows and reminders are keyed by it, so a cluster started later on the same
    /// database finds what an earlier one wrote. Tests never share a database, so they never share rows.
    /// </summary>
    public const string ServiceId = "eshop-tests";

    /// <summary>The configuration a silo gets: PostgreSQL, no demo data, reminders and sweeps every second.</summary>
    public static Dictionary<string, string?> Settings(string connectionString) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Orleans:Storage"] = "Postgres",
        ["ConnectionStrings:eshop"] = connectionString,
        ["Seed:Enabled"] = "false",
        // Outside Development (tests run in Testing) the simulated gateway must be chosen by name.
        ["Payments:Gateway"] = "Simulated",
        ["Orleans:MinimumReminderPeriod"] = "00:00:01",
        ["Orders:TickInterval"] = "00:00:01",
        ["Inventory:SweepInterval"] = "00:00:01",
    };

    /// <summary>
    /// Builds a cluster on <paramref name="connectionString"/> without starting it. <paramref name="settings"/> add to
    /// or override <see cref="Settings"/>; <paramref name="configureSilo"/> runs before <c>AddEShopProviders</c>, so
    /// that services it registers (a ShopClock, test doubles) win over the defaults added with TryAdd.
    /// </summary>
    public static InProcessTestCluster Build(
        string connectionString,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<ISiloBuilder>? configureSilo = null,
        short silos = 1)
    {
        var values = Settings(connectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = ServiceId;
        builder.ConfigureHost(host =>
        {
            host.Environment.EnvironmentName = TestEnvironment.Name;
            host.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            configureSilo?.Invoke(silo);
            silo.AddEShopProviders(configuration, new TestEnvironment());
        });
        return builder.Build();
    }

    /// <summary>Builds and deploys a cluster (see <see cref="Build"/>); a cluster that fails to start is disposed.</summary>
    public static async Task<InProcessTestCluster> StartAsync(
        string connectionString,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<ISiloBuilder>? configureSilo = null,
        short silos = 1)
    {
        var cluster = Build(connectionString, settings, configureSilo, silos);
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Neither Development (which would seed demo data) nor Production.</summary>
    internal sealed class TestEnvironment : IHostEnvironment
    {
        public const string Name = "Testing";

        public string EnvironmentName { get; set; } = Name;

        public string ApplicationName { get; set; } = "EShop.Integration.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
