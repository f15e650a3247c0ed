using EShop.Integration.Tests.Infrastructure;
using Orleans.TestingHost;

namespace EShop.Integration.Tests.Persistence;

/// <summary>
/// One silo on one fresh database for the tests that need neither a database nor a cluster of their own: they
/// share it through fresh ids, and prove a round trip through PostgreSQL by deactivating their grains.
/// </summary>
public sealed class SharedPostgresClusterFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public string ConnectionString { get; private set; } = "";

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IClusterClient Client => Cluster.Client;

    internal Shopper Shop => new(Client);

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await postgres.NewDatabaseAsync();
        _cluster = await PostgresCluster.StartAsync(ConnectionString);
    }

    /// <summary>Ends the grains' activations, so that the next call reads their state back from the database.</summary>
    public async Task DeactivateAsync(params IAddressable[] grains)
    {
        foreach (var grain in grains)
            await Cluster.DeactivateAsync(grain);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedPostgresCluster : ICollectionFixture<SharedPostgresClusterFixture>
{
    public const string Name = "PostgreSQL cluster";
}
