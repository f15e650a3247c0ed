using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Inventory;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Orders;

namespace EShop.Grains.Tests.Inventory;

/// <summary>A hot sku: concurrent calls share writes, and nobody hears of a change that was not stored.</summary>
[Collection(SharedCluster.Name)]
public sealed class InventoryBatchingTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(15);

    // About a commit on a stock PostgreSQL with fsync on: the round trip that batching amortises.
    private static readonly TimeSpan WriteLatency = TimeSpan.FromMilliseconds(3);

    private readonly string _sku = $"SKU-{Guid.NewGuid():N}";

    private IInventoryGrain Stock => fixture.Client.GetGrain<IInventoryGrain>(_sku);

    private int Writes => fixture.StorageFaults.Writes("inventory", _sku);

    private Task<StockLevel> Persisted() => fixture.StoredStockAsync(_sku);

    [Fact]
    public async Task A_thousand_concurrent_reservations_of_a_hundred_units_sell_exactly_a_hundred_in_few_writes()
    {
        await Stock.SetOnHand(100);
        fixture.StorageFaults.SlowWrites("inventory", _sku, WriteLatency);
        var before = Writes;

        var orders = Enumerable.Range(0, 1_000).Select(i => $"ord-{i}").ToList();
        var outcomes = await Task.WhenAll(orders.Select(o => Stock.Reserve(o, 1, Ttl)));
        var writes = Writes - before;

        Assert.Equal(100, outcomes.Count(o => o == ReservationOutcome.Reserved));
        Assert.Equal(900, outcomes.Count(o => o == ReservationOutcome.OutOfStock));
        Assert.Equal(new StockLevelView(_sku, 100, 100), await Stock.GetStock());
        var stored = await Persisted();
        Assert.Equal(orders.Where((_, i) => outcomes[i] == ReservationOutcome.Reserved).Order(), stored.Holds.Keys.Order());
        // One write per reservation would be 100 (refusals write nothing): the batches share them.
        Assert.InRange(writes, 1, 49);
    }

    [Fact]
    public async Task A_write_failing_mid_batch_fails_its_callers_and_the_next_activation_holds_what_storage_holds()
    {
        await Stock.SetOnHand(1_000);
        fixture.StorageFaults.SlowWrites("inventory", _sku, WriteLatency);
        // The first write carries the first reservation; the second, failing, everything that arrived meanwhile.
        fixture.StorageFaults.FailWrite("inventory", _sku, nth: 2);

        var orders = Enumerable.Range(0, 300).Select(i => $"ord-{i}").ToList();
        var calls = orders.Select(o => Stock.Reserve(o, 1, Ttl)).ToList();
        await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.True(fixture.StorageFaults.HasFired("inventory", _sku));
        Assert.All(calls.Where(c => c.IsCompletedSuccessfully), c => Assert.Equal(ReservationOutcome.Reserved, c.Result));
        var reserved = orders.Where((_, i) => calls[i].IsCompletedSuccessfully).ToHashSet();
        // The failed write carried more than one caller, and every one of them heard of it.
        Assert.InRange(calls.Count(c => c.IsFaulted), 2, 299);
        // Nobody was told Reserved for a reservation that storage does not hold, and storage holds nothing else.
        Assert.Equal(reserved.Order(), (await Persisted()).Holds.Keys.Order());

        await Shop.Eventually(() => Succeeds(Stock.Reserve("ord-after", 1, Ttl)), "a new activation takes reservations again");

        Assert.Equal(new StockLevelView(_sku, 1_000, reserved.Count + 1), await Stock.GetStock());
        Assert.Equal(reserved.Append("ord-after").Order(), (await Persisted()).Holds.Keys.Order());
    }

    private static async Task<bool> Succeeds(Task<ReservationOutcome> call)
    {
        try
        {
            return await call == ReservationOutcome.Reserved;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
