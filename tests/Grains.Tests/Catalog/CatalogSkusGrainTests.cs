using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Tests.Infrastructure;

namespace EShop.Grains.Tests.Catalog;

[Collection(SharedCluster.Name)]
public sealed class CatalogSkusGrainTests(ClusterFixture fixture)
{
    private ICatalogSkusGrain Skus => fixture.Client.GetGrain<ICatalogSkusGrain>(0);

    private IProductGrain ProductGrain(string productId) => fixture.Client.GetGrain<IProductGrain>(productId);

    [Fact]
    public async Task A_sku_a_product_lists_is_listed_and_an_unknown_one_is_not()
    {
        var productId = Products.NewId();
        var sku = Products.NewSku();
        await ProductGrain(productId).Create(Products.With(productId, sku));

        Assert.True(await Skus.IsListed(sku));
        Assert.False(await Skus.IsListed(Products.NewSku()));
    }

    [Fact]
    public async Task A_sku_its_product_no_longer_lists_is_not_listed()
    {
        var productId = Products.NewId();
        var (kept, dropped) = (Products.NewSku(), Products.NewSku());
        await ProductGrain(productId).Create(Products.With(productId, kept, dropped));

        await ProductGrain(productId).Update(Products.With(productId, kept));

        Assert.True(await Skus.IsListed(kept));
        Assert.False(await Skus.IsListed(dropped));
    }

    [Fact]
    public async Task A_sku_claimed_by_a_product_that_never_saved_is_not_listed()
    {
        var sku = Products.NewSku();
        Assert.True(await fixture.Client.GetGrain<ISkuIndexGrain>(sku).TryClaim(Products.NewId()));

        Assert.False(await Skus.IsListed(sku));
    }
}
