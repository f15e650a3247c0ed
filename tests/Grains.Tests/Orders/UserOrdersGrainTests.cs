using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Orders;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Orders;

/// <summary>A user's whole order history through the grain: newest first, each order once, a page at a time.</summary>
[Collection(SharedCluster.Name)]
public sealed class UserOrdersGrainTests(ClusterFixture fixture)
{
    private readonly string _userId = Accounts.NewUserId();

    private IUserOrdersGrain Orders => fixture.Client.GetGrain<IUserOrdersGrain>(_userId);

    private static string Id(int i) => $"ord_{i:D4}";

    private async Task<List<string>> Everything(int pageSize)
    {
        var all = new List<string>();
        for (var page = 1; ; page++)
        {
            var listed = await Orders.Page(page, pageSize);
            if (listed.OrderIds.Count == 0)
                return all;
            all.AddRange(listed.OrderIds);
        }
    }

    private async Task<UserOrdersState> Stored()
    {
        var storage = fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Orders);
        var state = new GrainState<UserOrdersState>(new UserOrdersState());
        await storage.ReadStateAsync("user-orders", Orders.GetGrainId(), state);
        return state.State!;
    }

    [Fact]
    public async Task A_long_history_pages_newest_first_while_the_stored_list_keeps_only_the_newest()
    {
        // Added out of order within each ten, as concurrent checkouts of one user may be.
        var minutes = Enumerable.Range(0, 150).Select(i => i / 10 * 10 + (9 - i % 10)).ToList();
        foreach (var minute in minutes)
            await Orders.Add(Id(minute), Now.AddMinutes(minute));

        var expected = Enumerable.Range(0, 150).Reverse().Select(Id).ToList();
        Assert.Equal(expected, await Everything(pageSize: 7));
        Assert.Equal(150, (await Orders.Page(1, 20)).Total);
        var stored = await Stored();
        Assert.InRange(stored.Orders.Count, UserOrdersGrain.RunSize, 2 * UserOrdersGrain.RunSize - 1);
        Assert.Equal(150, stored.Total);
    }

    [Fact]
    public async Task An_order_added_again_after_its_run_was_sealed_is_listed_once_and_a_late_one_in_its_place()
    {
        for (var i = 0; i < 100; i++)
            await Orders.Add(Id(2 * i), Now.AddMinutes(2 * i));

        // A resumed order repeats its listing; another, whose start was resumed after a crash, is listed only now.
        await Orders.Add(Id(10), Now.AddMinutes(10));
        await Orders.Add(Id(11), Now.AddMinutes(11));

        var expected = Enumerable.Range(0, 100).Select(i => 2 * i).Append(11).Order().Reverse().Select(Id).ToList();
        Assert.Equal(expected, await Everything(pageSize: 20));
        Assert.Equal(101, (await Orders.Page(1, 20)).Total);
        Assert.Equal(101, (await Stored()).Total);
    }
}
