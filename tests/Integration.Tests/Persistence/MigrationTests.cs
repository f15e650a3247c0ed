using EShop.Grains.Abstractions.Inventory;
using EShop.Integration.Tests.Infrastructure;
using EShop.Silo.Persistence;

namespace EShop.Integration.Tests.Persistence;

/// <summary>Migrations that start at the same time on one empty database end with one schema, applied once.</summary>
public sealed class MigrationTests(PostgresFixture postgres)
{
    private static readonly string[] Folders = ["EShop.Silo.Persistence.Migrations.Orleans", "EShop.Silo.Persistence.Migrations.Shop"];

    /// <summary>The query keys V1 puts in OrleansQuery: clustering 10, reminders 7, storage 4.</summary>
    private const long OrleansQueries = 21;

    [Fact]
    public async Task Four_migrators_at_once_on_an_empty_database_all_succeed_and_apply_each_version_once()
    {
        var database = await postgres.NewDatabaseAsync();
        using var start = new Barrier(4);

        // A thread each, released together: four migrators really meet the empty database at once.
        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                return DatabaseMigrator.Migrate(database, Folders);
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        Assert.Equal(6, applied.Sum());
        await AssertOneSchema(database);
        Assert.Equal(0, DatabaseMigrator.Migrate(database, Folders));
        await AssertOneSchema(database);
    }

    [Fact]
    public async Task Two_clusters_starting_at_once_on_an_empty_database_both_come_up_on_one_schema()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var first = PostgresCluster.Build(database);
        await using var second = PostgresCluster.Build(database);

        await Task.WhenAll(first.DeployAsync(TestContext.Current.CancellationToken), second.DeployAsync(TestContext.Current.CancellationToken));

        await AssertOneSchema(database);
        var (sku1, sku2) = (Shopper.NewSku(), Shopper.NewSku());
        Assert.Equal(SetStockStatus.Updated, (await first.Client.GetGrain<IInventoryGrain>(sku1).SetOnHand(1)).Status);
        Assert.Equal(SetStockStatus.Updated, (await second.Client.GetGrain<IInventoryGrain>(sku2).SetOnHand(2)).Status);
        Assert.Equal(1, await ShopDatabase.RowsAsync(database, "inventory", sku1));
        Assert.Equal(1, await ShopDatabase.RowsAsync(database, "inventory", sku2));
    }

    private static async Task AssertOneSchema(string database)
    {
        Assert.Equal(["1", "2", "3", "4", "5", "6"], await ShopDatabase.AppliedVersionsAsync(database));
        // V5: grain-state saves can be HOT updates (room on the page, no index on the column every save changes).
        Assert.Equal("{fillfactor=80}", await ShopDatabase.ScalarAsync<string>(database, "SELECT reloptions::text FROM pg_class WHERE relname = 'eshop_grain_state'"));
        Assert.Equal(0L, await ShopDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM pg_indexes WHERE tablename = 'eshop_grain_state' AND indexdef LIKE '%modified_at%'"));
        Assert.Equal(OrleansQueries, await ShopDatabase.ScalarAsync<long>(database, "SELECT count(DISTINCT querykey) FROM orleansquery"));
        Assert.Equal(OrleansQueries, await ShopDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM orleansquery"));
        Assert.True(await ShopDatabase.TableExistsAsync(database, "payments_ledger"));
        Assert.True(await ShopDatabase.TableExistsAsync(database, "order_read_model"));
    }
}
