using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Users;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Grains.Tests.Infrastructure;

[Collection(SharedCluster.Name)]
public sealed class ClusterFixtureTests(ClusterFixture fixture)
{
    [Fact]
    public void The_silo_tells_shop_time_from_the_fixture_clock()
    {
        var clock = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<ShopClock>();

        Assert.Same(fixture.Time, clock.Time);
    }

    [Fact]
    public async Task The_cluster_starts_without_the_demo_admin_account()
    {
        var adminEmail = UserRules.NormalizeEmail("admin@eshop.local");

        Assert.Null(await fixture.Client.GetGrain<IEmailIndexGrain>(adminEmail).GetUserId());
    }
}
