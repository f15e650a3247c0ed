using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Orders;
using EShop.Integration.Tests.Infrastructure;
using EShop.Silo.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EShop.Integration.Tests.Persistence;

/// <summary>
/// What a durable checkout costs the database, counted by the database: the transactions PostgreSQL committed
/// (reads included) while 32 returning customers each added a line to their cart, checked out and saw the order confirmed.
/// Group commit shares round trips between concurrent checkouts, so the count per checkout is a property of the
/// design (the target is 6), not of this machine's speed.
/// </summary>
public sealed class CheckoutRoundTripTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Customers = 32;

    [Fact]
    public async Task Thirty_two_concurrent_one_line_checkouts_cost_at_most_six_committed_transactions_each()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var cluster = await PostgresCluster.StartAsync(database);
        var shop = new Shopper(cluster.Client);
        var sku = await shop.StockedSkuAsync(onHand: 10_000);
        var customers = Enumerable.Range(0, Customers).Select(_ => Shopper.NewId("usr")).ToArray();
        // Returning customers of a running shop: each has bought before (its cart and order list exist, and its cart's
        // idle reminder, registered once per cart, not per checkout), and the sku's grains are active.
        await Task.WhenAll(customers.Select(userId => shop.ConfirmedOrderAsync(userId, sku, 1)));

        var commits = cluster.Silos[0].ServiceProvider.GetRequiredService<GroupCommits>();
        var batchesBefore = commits.All.Sum(c => c.BatchCount);
        var before = await CommittedAsync(database);
        var orders = await Task.WhenAll(customers.Select(userId => shop.ConfirmedOrderAsync(userId, sku, 1)));
        var after = await CommittedAsync(database);

        Assert.All(orders, o => Assert.Equal(OrderStatus.Confirmed, o.Status));
        var perCheckout = (double)(after - before) / Customers;
        output.WriteLine($"{after - before} transactions for {Customers} checkouts: {perCheckout:F2} per checkout; group commits {commits.All.Sum(c => c.BatchCount) - batchesBefore}");
        Assert.InRange(perCheckout, 0.5, 6.0);
    }

    /// <summary>
    /// Transactions committed in the database so far. Backends report their counts lazily; closing every idle pooled
    /// connection of this process (the cluster runs in it) ends their backends, which report on exit, and the count
    /// is read once it has stopped moving (but for this reading's own transaction and the cluster's membership heartbeat).
    /// </summary>
    private static async Task<long> CommittedAsync(string database)
    {
        long last = -1;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            NpgsqlConnection.ClearAllPools();
            await Task.Delay(200, TestContext.Current.CancellationToken);
            var now = await ShopDatabase.ScalarAsync<long>(
                new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString,
                "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
            if (last >= 0 && now - last <= 2)
                return now;
            last = now;
        }

        throw new TimeoutException("The database's transaction count never settled.");
    }
}
