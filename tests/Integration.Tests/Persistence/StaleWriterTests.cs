using EShop.Grains.Abstractions.Inventory;
using EShop.Integration.Tests.Infrastructure;
using Orleans.Storage;
using Orleans.TestingHost;

namespace EShop.Integration.Tests.Persistence;

/// <summary>
/// Two clusters of one service on one database may each activate the same grain (a split brain). The etag in
/// PostgreSQL then decides: a write based on a version that is no longer current is refused, never applied.
/// </summary>
public sealed class StaleWriterTests(StaleWriterTests.TwoClusters clusters) : IClassFixture<StaleWriterTests.TwoClusters>
{
    private string Database => clusters.Database;

    private IClusterClient First => clusters.First.Client;

    private IClusterClient Second => clusters.Second.Client;

    [Fact]
    public async Task A_write_based_on_an_overwritten_version_is_refused_and_the_newer_state_stays()
    {
        var sku = Shopper.NewSku();
        Assert.Equal(SetStockStatus.Updated, (await First.GetGrain<IInventoryGrain>(sku).SetOnHand(1)).Status);
        Assert.Equal(SetStockStatus.Updated, (await Second.GetGrain<IInventoryGrain>(sku).SetOnHand(2)).Status);

        await Assert.ThrowsAsync<InconsistentStateException>(() => First.GetGrain<IInventoryGrain>(sku).SetOnHand(3));

        Assert.Equal("2", await ShopDatabase.StoredValueAsync(Database, "inventory", sku, "Level", "OnHand"));
        Assert.Equal(2, (await First.GetGrain<IInventoryGrain>(sku).GetStock()).OnHand);
    }

    [Fact]
    public async Task A_first_write_that_loses_to_another_first_write_is_refused_and_the_winners_state_stays()
    {
        var sku = Shopper.NewSku();
        var late = Second.GetGrain<IInventoryGrain>(sku);
        Assert.Equal(0, (await late.GetStock()).OnHand);
        Assert.Equal(SetStockStatus.Updated, (await First.GetGrain<IInventoryGrain>(sku).SetOnHand(4)).Status);

        await Assert.ThrowsAsync<InconsistentStateException>(() => late.SetOnHand(5));

        Assert.Equal("4", await ShopDatabase.StoredValueAsync(Database, "inventory", sku, "Level", "OnHand"));
        Assert.Equal(1, await ShopDatabase.RowsAsync(Database, "inventory", sku));
    }

    /// <summary>Two clusters of the same service on one database; the tests use keys of their own.</summary>
    public sealed class TwoClusters(PostgresFixture postgres) : IAsyncLifetime
    {
        private InProcessTestCluster? _first;
        private InProcessTestCluster? _second;

        public string Database { get; private set; } = "";

        public InProcessTestCluster First => _first ?? throw new InvalidOperationException("Not started.");

        public InProcessTestCluster Second => _second ?? throw new InvalidOperationException("Not started.");

        public async ValueTask InitializeAsync()
        {
            Database = await postgres.NewDatabaseAsync();
            _first = await PostgresCluster.StartAsync(Database);
            _second = await PostgresCluster.StartAsync(Database);
        }

        public async ValueTask DisposeAsync()
        {
            if (_second is not null)
                await _second.DisposeAsync();
            if (_first is not null)
                await _first.DisposeAsync();
        }
    }
}
