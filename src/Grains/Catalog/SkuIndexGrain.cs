using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using Orleans.Runtime;

namespace EShop.Grains.Catalog;

[GenerateSerializer, Alias("eshop.sku-claim-state.v1")]
public sealed class SkuClaimState
{
    [Id(0)]
    public string? ProductId { get; set; }

    [Id(1)]
    public DateTimeOffset ClaimedAt { get; set; }
}

public sealed class SkuIndexGrain(
    [PersistentState("sku-index", StorageNames.Catalog)] IPersistentState<SkuClaimState> state,
    IGrainFactory grains,
    ShopClock clock) : Grain, ISkuIndexGrain
{
    /// <summary>A claim younger than this may belong to a product whose save is still in flight.</summary>
    internal static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    private string Sku => this.GetPrimaryKeyString();

    public async Task<bool> TryClaim(string productId)
    {
        var owner = state.State.ProductId;
        if (owner is not null && owner != productId && !await IsAbandoned(owner))
            return false;

        // The owner re-claiming renews the claim too: its save is in flight again, so it must not look abandoned.

        state.State.ProductId = productId;
        state.State.ClaimedAt = clock.UtcNow;
        await state.WriteStateAsync();
        return true;
    }

    public async Task Release(string productId)
    {
        if (state.State.ProductId == productId)
            await state.ClearStateAsync();
    }

    public Task<string?> GetProductId() => Task.FromResult(state.State.ProductId);

    // A product that crashed between claiming and saving, or saved without this sku and crashed before
    // releasing it, would hold the sku forever: the owner product itself says whether the claim is real.
    private async Task<bool> IsAbandoned(string owner)
    {
        if (clock.UtcNow - state.State.ClaimedAt < StaleAfter)
            return false;
        var product = await grains.GetGrain<IProductGrain>(owner).GetProduct();
        return product is null || product.Variants.All(v => v.Sku != Sku);
    }
}
