using EShop.Grains.Abstractions.Carts;
using EShop.Integration.Tests.Infrastructure;
using Npgsql;

namespace EShop.Integration.Tests.Persistence;

/// <summary>A burst of grain writes queues for the process's connection budget; the server never sees more.</summary>
public sealed class ConnectionBurstTests(PostgresFixture postgres)
{
    private const int Budget = 6;
    private const int Writers = 200;

    [Fact]
    public async Task Two_hundred_concurrent_cart_writes_never_open_more_connections_than_the_budget()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var cluster = await PostgresCluster.StartAsync(database, new Dictionary<string, string?>
        {
            ["Postgres:MaxConnections"] = $"{Budget}",
        });
        var sku = await new Shopper(cluster.Client).StockedSkuAsync(onHand: 10);
        await using var sampler = new Sampler(database);
        var sampling = sampler.RunAsync();

        var writes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            try
            {
                return (await cluster.Client.GetGrain<ICartGrain>(Shopper.NewId("usr")).AddItem(sku, 1)).Status.ToString();
            }
            catch (Exception error) when (Shed(error))
            {
                return "shed";
            }
        }));
        sampler.BurstFinished();
        var peak = await sampling;

        Assert.All(writes, w => Assert.Contains(w, new[] { nameof(CartChangeStatus.Changed), "shed" }));
        Assert.Contains(nameof(CartChangeStatus.Changed), writes);
        Assert.True(sampler.Samples > 1, $"The sampler took {sampler.Samples} sample(s).");
        Assert.InRange(peak, 2, Budget + 1); // + 1: the sampler's own connection
    }

    [Fact]
    public async Task A_write_that_gets_no_connection_within_the_wait_fails_with_the_pool_exhausted_error_and_the_held_one_completes()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var cluster = await PostgresCluster.StartAsync(database, new Dictionary<string, string?>
        {
            ["Postgres:MaxConnections"] = "2", // 1 for the Orleans providers, 1 for the ledger and read model
            ["Postgres:ConnectionWait"] = "00:00:01",
        });
        var sku = await new Shopper(cluster.Client).StockedSkuAsync(onHand: 10);
        await using var blocker = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockStorage = new NpgsqlCommand("LOCK TABLE eshop_grain_state IN EXCLUSIVE MODE", blocker, transaction))
            await lockStorage.ExecuteNonQueryAsync();

        // The first write holds the providers' only connection, waiting on the lock.
        var held = cluster.Client.GetGrain<ICartGrain>(Shopper.NewId("usr")).AddItem(sku, 1);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        await using (var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", blocker, transaction))
        {
            while ((long)(await waiting.ExecuteScalarAsync())! == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "The first write never reached the lock.");
                await Task.Delay(20);
            }
        }

        var error = await Assert.ThrowsAnyAsync<Exception>(() => cluster.Client.GetGrain<ICartGrain>(Shopper.NewId("usr")).AddItem(sku, 1));
        await transaction.RollbackAsync();

        Assert.True(Shed(error), error.ToString());
        Assert.Equal(CartChangeStatus.Changed, (await held).Status);
    }

    private static bool Shed(Exception? error) =>
        error is not null && (error.Message.Contains("The connection pool has been exhausted", StringComparison.Ordinal) || Shed(error.InnerException));

    /// <summary>Polls pg_stat_activity on a connection of its own until told the burst is over; answers the peak.</summary>
    private sealed class Sampler(string connectionString) : IAsyncDisposable
    {
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly NpgsqlConnection _connection = new(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);

        public int Samples { get; private set; }

        public void BurstFinished() => _finished.TrySetResult();

        public async Task<long> RunAsync()
        {
            await _connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()", _connection);
            long peak = 0;
            // One more sample after the marker, so that the last moment of the burst is seen too.
            for (var last = false; ; last = _finished.Task.IsCompleted)
            {
                peak = Math.Max(peak, (long)(await count.ExecuteScalarAsync())!);
                Samples++;
                if (last)
                    return peak;
                await Task.Delay(2);
            }
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
