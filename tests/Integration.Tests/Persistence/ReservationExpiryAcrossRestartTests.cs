using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using EShop.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace EShop.Integration.Tests.Persistence;

/// <summary>
/// A reservation's expiry is driven by a reminder stored in PostgreSQL, so it outlives the silo that set it; once only
/// ended holds remain, the reminder slows to the pace at which they are forgotten. Both
/// clusters share one shop clock that stands still until the second cluster runs: the first can never sweep a hold
/// before it stops, however slow the machine. Reminders still tick in real time, every second.
/// </summary>
public sealed class ReservationExpiryAcrossRestartTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(15);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_reservation_made_before_a_restart_expires_after_it_without_any_call()
    {
        var database = await postgres.NewDatabaseAsync();
        var (sku, orderId) = (Shopper.NewSku(), Shopper.NewId("ord"));
        var grainId = $"inventory/{sku}";

        await using (var before = await StartAsync(database))
        {
            var stock = before.Client.GetGrain<IInventoryGrain>(sku);
            Assert.Equal(SetStockStatus.Updated, (await stock.SetOnHand(5)).Status);
            Assert.Equal(ReservationOutcome.Reserved, await stock.Reserve(orderId, 2, Ttl));
        }

        // Gone with the first silo before it could sweep: still held in the database, with its reminder.
        Assert.Equal("Reserved", await ShopDatabase.StoredValueAsync(database, "inventory", sku, "Level", "Holds", orderId, "State"));
        Assert.Equal(1, await ShopDatabase.RemindersAsync(database, grainId));

        await using var after = await StartAsync(database);
        _time.Advance(Ttl + TimeSpan.FromSeconds(1));

        await Eventually.Until(
            async () => (Hold: await Hold(database, sku, orderId), Period: await ReminderPeriodAsync(database, grainId)),
            seen => seen is ("Expired", > 60_000),
            TimeSpan.FromSeconds(60),
            "the new silo's reminder records the hold Expired and then slows to the pace of forgetting ended holds");
        Assert.Null(await ShopDatabase.StoredValueAsync(database, "inventory", sku, "Level", "Holds", orderId, "State"));
        var level = await after.Client.GetGrain<IInventoryGrain>(sku).GetStock();
        Assert.Equal((5, 0), (level.OnHand, level.Reserved));
    }

    [Fact]
    public async Task Reservations_made_before_a_restart_all_expire_after_it_when_two_silos_share_the_reminders()
    {
        // Each silo of the new cluster loads only its own slices of the hash ring from the reminders table.
        var database = await postgres.NewDatabaseAsync();
        var orderId = Shopper.NewId("ord");
        var skus = Enumerable.Range(0, 24).Select(_ => Shopper.NewSku()).ToList();

        await using (var before = await StartAsync(database))
        {
            await Task.WhenAll(skus.Select(async sku =>
            {
                var stock = before.Client.GetGrain<IInventoryGrain>(sku);
                Assert.Equal(SetStockStatus.Updated, (await stock.SetOnHand(3)).Status);
                Assert.Equal(ReservationOutcome.Reserved, await stock.Reserve(orderId, 1, Ttl));
            }));
        }

        Assert.Equal(skus.Count, await ShopDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM orleansreminderstable"));

        await using var after = await StartAsync(database, silos: 2);
        _time.Advance(Ttl + TimeSpan.FromSeconds(1));

        await Eventually.Until(
            async () => (
                Expired: (await Task.WhenAll(skus.Select(sku => Hold(database, sku, orderId)))).Count(state => state == "Expired"),
                Slowed: await ShopDatabase.ScalarAsync<long>(database, "SELECT count(*) FROM orleansreminderstable WHERE period > 60000")),
            seen => seen.Expired == skus.Count && seen.Slowed == skus.Count,
            TimeSpan.FromSeconds(60),
            $"all {skus.Count} holds are recorded Expired by the reminders of two silos, which then slow down");
    }

    private Task<InProcessTestCluster> StartAsync(string database, short silos = 1) =>
        PostgresCluster.StartAsync(database, configureSilo: silo => silo.Services.AddSingleton(new ShopClock(_time)), silos: silos);

    /// <summary>The state of the order's ended hold (live holds are under Holds, ended ones under Ended).</summary>
    private static Task<string?> Hold(string database, string sku, string orderId) =>
        ShopDatabase.StoredValueAsync(database, "inventory", sku, "Level", "Ended", orderId, "State");

    /// <summary>The period of the grain's reminder in milliseconds (0: none).</summary>
    private static Task<long> ReminderPeriodAsync(string database, string grainId) =>
        ShopDatabase.ScalarAsync<long>(database, "SELECT coalesce(max(period), 0) FROM orleansreminderstable WHERE grainid = $1", grainId);
}
