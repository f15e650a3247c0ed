using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Catalog;
using EShop.Grains.Tests.Infrastructure;

namespace EShop.Grains.Tests.Catalog;

/// <summary>A claim left by a product that never saved is honoured for <see cref="SkuIndexGrain.StaleAfter"/> of shop time.</summary>
[Collection(SharedCluster.Name)]
public sealed class SkuClaimTests(ClusterFixture fixture)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private IProductGrain ProductGrain(string productId) => fixture.Client.GetGrain<IProductGrain>(productId);

    private ISkuIndexGrain SkuIndex(string sku) => fixture.Client.GetGrain<ISkuIndexGrain>(sku);

    [Fact]
    public async Task A_claim_abandoned_by_a_product_that_never_saved_is_taken_over_only_once_stale()
    {
        var (ghostId, productId) = (Products.NewId(), Products.NewId());
        var sku = Products.NewSku();
        Assert.True(await SkuIndex(sku).TryClaim(ghostId));

        var fresh = await ProductGrain(productId).Create(Products.With(productId, sku));
        fixture.Time.Advance(SkuIndexGrain.StaleAfter - OneSecond);
        var almostStale = await ProductGrain(productId).Create(Products.With(productId, sku));
        fixture.Time.Advance(OneSecond);
        var stale = await ProductGrain(productId).Create(Products.With(productId, sku));

        Assert.Equal((ProductSaveStatus.SkuTaken, sku), (fresh.Status, fresh.TakenSku));
        Assert.Equal(ProductSaveStatus.SkuTaken, almostStale.Status);
        Assert.Equal(ProductSaveStatus.Saved, stale.Status);
        Assert.Equal(productId, await SkuIndex(sku).GetProductId());
    }

    [Fact]
    public async Task A_stale_claim_whose_owner_still_lists_the_sku_is_kept()
    {
        var (ownerId, otherId) = (Products.NewId(), Products.NewId());
        var sku = Products.NewSku();
        await ProductGrain(ownerId).Create(Products.With(ownerId, sku));
        fixture.Time.Advance(SkuIndexGrain.StaleAfter * 10);

        var result = await ProductGrain(otherId).Create(Products.With(otherId, sku));

        Assert.Equal(ProductSaveStatus.SkuTaken, result.Status);
        Assert.Null(await ProductGrain(otherId).GetProduct());
        Assert.Equal(ownerId, await SkuIndex(sku).GetProductId());
    }

    [Fact]
    public async Task A_stale_claim_whose_owner_no_longer_lists_the_sku_is_taken_over()
    {
        var (ownerId, otherId) = (Products.NewId(), Products.NewId());
        var (listed, leftOver) = (Products.NewSku(), Products.NewSku());
        await ProductGrain(ownerId).Create(Products.With(ownerId, listed));
        // As if the owner had saved without this sku and crashed before releasing it.
        Assert.True(await SkuIndex(leftOver).TryClaim(ownerId));
        fixture.Time.Advance(SkuIndexGrain.StaleAfter);

        var result = await ProductGrain(otherId).Create(Products.With(otherId, leftOver));

        Assert.Equal(ProductSaveStatus.Saved, result.Status);
        Assert.Equal(otherId, await SkuIndex(leftOver).GetProductId());
        Assert.Equal(ownerId, await SkuIndex(listed).GetProductId());
    }

    [Fact]
    public async Task A_save_in_flight_keeps_its_fresh_claim_against_another_product()
    {
        var (savingId, otherId) = (Products.NewId(), Products.NewId());
        var sku = Products.NewSku();

        var (saving, other) = await CreateWhileAnotherSaveIsInFlight(savingId, otherId, sku);

        Assert.Equal(ProductSaveStatus.Saved, saving.Status);
        Assert.Equal(ProductSaveStatus.SkuTaken, other.Status);
        Assert.Equal(savingId, await SkuIndex(sku).GetProductId());
    }

    // The product re-claims its own stale leftover claim (TryClaim answers true for the owner without renewing
    // ClaimedAt), so while its save is in flight the claim still looks abandoned and a second product takes the sku.
    [Fact]
    public async Task A_save_in_flight_that_reclaims_its_own_stale_claim_keeps_the_sku_against_another_product()
    {
        var (savingId, otherId) = (Products.NewId(), Products.NewId());
        var sku = Products.NewSku();
        Assert.True(await SkuIndex(sku).TryClaim(savingId));   // left over by an earlier, crashed save
        fixture.Time.Advance(SkuIndexGrain.StaleAfter * 2);

        var (saving, other) = await CreateWhileAnotherSaveIsInFlight(savingId, otherId, sku);

        Assert.Equal(ProductSaveStatus.Saved, saving.Status);
        Assert.Equal(ProductSaveStatus.SkuTaken, other.Status);
        var listing = (await Task.WhenAll(ProductGrain(savingId).GetProduct(), ProductGrain(otherId).GetProduct()))
            .Where(p => p?.Variants.Any(v => v.Sku == sku) == true)
            .Select(p => p!.ProductId);
        Assert.Equal([savingId], listing);
    }

    /// <summary>Holds the first product right after it claimed its sku, creates the second, then lets the first finish.</summary>
    private async Task<(ProductSaveResult Saving, ProductSaveResult Other)> CreateWhileAnotherSaveIsInFlight(
        string savingId, string otherId, string sku)
    {
        var saving = ProductGrain(savingId);
        var pause = fixture.Pauses.AfterCall(saving.GetGrainId(), nameof(ISkuIndexGrain.TryClaim));
        var savingTask = saving.Create(Products.With(savingId, sku));
        try
        {
            await pause.Reached.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            var other = await ProductGrain(otherId).Create(Products.With(otherId, sku));
            pause.Release();
            return (await savingTask, other);
        }
        finally
        {
            pause.Release();
        }
    }
}
