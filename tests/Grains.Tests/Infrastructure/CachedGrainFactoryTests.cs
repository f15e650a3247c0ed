using EShop.Grains.Abstractions.Inventory;
using EShop.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Grains.Tests.Infrastructure;

/// <summary>The silo's grain factory caches interface lookups and makes references that work like Orleans' own.</summary>
[Collection(SharedCluster.Name)]
public sealed class CachedGrainFactoryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Grains_get_the_caching_factory_and_its_references_reach_the_same_grain_as_the_clients()
    {
        var factory = fixture.SiloServices.GetRequiredService<IGrainFactory>();
        var sku = $"SKU-{Guid.NewGuid():N}";

        Assert.IsType<CachedGrainFactory>(factory);
        var viaCache = factory.GetGrain<IInventoryGrain>(sku);
        Assert.Equal(SetStockStatus.Updated, (await viaCache.SetOnHand(4)).Status);
        Assert.Equal(fixture.Client.GetGrain<IInventoryGrain>(sku).GetGrainId(), viaCache.GetGrainId());
        Assert.Equal(4, (await fixture.Client.GetGrain<IInventoryGrain>(sku).GetStock()).OnHand);
        Assert.Equal(viaCache.GetGrainId(), factory.GetGrain<IInventoryGrain>(sku).GetGrainId());
    }
}
