using EShop.Integration.Tests.Infrastructure;
using EShop.Silo.Hosting;
using EShop.Silo.Persistence;
using EShop.Silo.Persistence.GrainState;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace EShop.Integration.Tests.Persistence;

/// <summary>
/// The contract of the shop's grain storage, held by both stores: the memory one and PostgreSQL's group commit.
/// Versions are etags; a writer that read an older version, or that thinks there is no row when there is one, is
/// refused and changes nothing; pending marks are listed once they have stood still long enough.
/// </summary>
public sealed class GrainStateStoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    private GroupCommits? _commits;

    public static TheoryData<string> Stores => ["memory", "postgres"];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_commits is not null)
            await _commits.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_write_based_on_the_version_read_is_applied_and_one_based_on_an_older_version_is_refused(string kind)
    {
        var store = await StoreAsync(kind);
        var key = NewKey();

        Assert.Null(await store.ReadAsync(key));
        Assert.Equal(new StoreResult(true, 1), await store.WriteAsync(key, "first"u8.ToArray(), null, pending: false));
        Assert.Equal(new StoreResult(true, 2), await store.WriteAsync(key, "second"u8.ToArray(), 1, pending: false));

        Assert.False((await store.WriteAsync(key, "stale"u8.ToArray(), 1, pending: false)).Applied);
        Assert.False((await store.WriteAsync(key, "no row, it thinks"u8.ToArray(), null, pending: false)).Applied);
        Assert.False((await store.ClearAsync(key, 1)).Applied);

        var stored = await store.ReadAsync(key);
        Assert.Equal(("second", 2L), (System.Text.Encoding.UTF8.GetString(stored!.Payload.Span), stored.Version));
        Assert.True((await store.ClearAsync(key, 2)).Applied);
        Assert.Null(await store.ReadAsync(key));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Of_two_first_writes_of_one_grain_exactly_one_is_applied(string kind)
    {
        var store = await StoreAsync(kind);
        var key = NewKey();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.WriteAsync(key, new[] { (byte)i }, null, pending: false)));

        var winner = Assert.Single(results, r => r.Applied);
        Assert.Equal(1, winner.Version);
        Assert.Equal(1L, (await store.ReadAsync(key))!.Version);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_pending_mark_is_listed_once_it_stood_still_and_no_longer_once_a_write_clears_it(string kind)
    {
        var store = await StoreAsync(kind);
        var (waiting, done) = (NewKey(), NewKey());
        await store.WriteAsync(waiting, new byte[] { 1 }, null, pending: true);
        await store.WriteAsync(done, new byte[] { 1 }, null, pending: true);
        await store.WriteAsync(done, new byte[] { 2 }, 1, pending: false);

        // Not idle for an hour yet: nothing is due.
        Assert.DoesNotContain(waiting, await store.PendingAsync(TimeSpan.FromHours(1), 1000, TestContext.Current.CancellationToken));
        var due = await store.PendingAsync(TimeSpan.Zero, 1000, TestContext.Current.CancellationToken);
        Assert.Contains(waiting, due);
        Assert.DoesNotContain(done, due);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_provider_turns_a_refused_write_into_an_inconsistent_state_error_and_keeps_the_newer_state(string kind)
    {
        var storage = new GrainStateStorage(await StoreAsync(kind), GrainStateJson.Serializer);
        var grain = GrainId.Create("inventory", Shopper.NewSku());
        var (first, second) = (new GrainState<Level>(new Level(1)), new GrainState<Level>(new Level(0)));
        await storage.ReadStateAsync("inventory", grain, second);
        await storage.WriteStateAsync("inventory", grain, first);
        Assert.True(first.RecordExists);

        second.State = new Level(2);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("inventory", grain, second));

        var read = new GrainState<Level>(new Level(0));
        await storage.ReadStateAsync("inventory", grain, read);
        Assert.Equal((1, first.ETag), (read.State!.OnHand, read.ETag));
    }

    [Fact]
    public async Task Concurrent_writes_of_many_grains_share_round_trips_and_a_stale_one_among_them_fails_alone()
    {
        var store = (PostgresGrainStateStore)await StoreAsync("postgres");
        var stale = NewKey();
        await store.WriteAsync(stale, new byte[] { 1 }, null, pending: false);
        await store.WriteAsync(stale, new byte[] { 2 }, 1, pending: false);
        var before = store.Commit.BatchCount;

        var keys = Enumerable.Range(0, 400).Select(_ => NewKey()).ToArray();
        var writes = keys.Select(k => store.WriteAsync(k, new byte[200], null, pending: false)).Append(store.WriteAsync(stale, new byte[] { 3 }, 1, pending: false));
        var results = await Task.WhenAll(writes);

        Assert.Equal(400, results.Count(r => r.Applied));
        Assert.False(results[^1].Applied);
        var roundTrips = store.Commit.BatchCount - before;
        // Four writer loops; one round trip per write would be 401.
        Assert.InRange(roundTrips, 1, 40);
        Assert.All(await Task.WhenAll(keys.Take(20).Select(store.ReadAsync)), s => Assert.Equal(1L, s!.Version));
    }

    private static GrainStateKey NewKey() => new("inventory", Shopper.NewSku(), "inventory");

    private async Task<IGrainStateStore> StoreAsync(string kind)
    {
        if (kind == "memory")
            return new MemoryGrainStateStore(TimeProvider.System);
        var database = await postgres.NewDatabaseAsync();
        DatabaseMigrator.Migrate(database, ["EShop.Silo.Persistence.Migrations.Orleans"]);
        _commits ??= new GroupCommits(new GroupCommitOptions(Writers: 4, MaxBatch: 256, QueueWait: TimeSpan.FromSeconds(15)), new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), NullLoggerFactory.Instance);
        return new PostgresGrainStateStore(_commits.For(database), _commits.ReadsFor(database));
    }

    public sealed record Level(int OnHand);
}
