using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Catalog;

/// <summary>What the catalog sells under a sku right now.</summary>
public sealed record SkuOffer(string Sku, string ProductId, string Name, Money Price)
{
    /// <summary>
    /// False for a price outside 0..<see cref="Money.MaxAmount"/>: one saved before the cap existed. Such a sku is
    /// shown in the catalog but cannot be put in a cart, priced in one or ordered until an admin reprices it.
    /// </summary>
    public bool IsSellable => Money.IsPrice(Price.Amount);
}

/// <summary>Reads what the catalog sells now under some skus (a cart, an order, an admin look-up), each product once.</summary>
public sealed class CatalogOffers(IGrainFactory grains)
{
    private readonly Dictionary<string, Task<Product?>> _products = new(StringComparer.Ordinal);

    /// <summary>
    /// The offers for <paramref name="skus"/> (sku with the productId it was added under, if any); a sku missing
    /// from the answer is not sold. A product lists only skus it has claimed, so when the product a line was
    /// added under still lists its sku, the sku index need not be asked.
    /// </summary>
    public async Task<Dictionary<string, SkuOffer>> Offers(IEnumerable<(string Sku, string? ProductId)> skus)
    {
        var wanted = skus.DistinctBy(s => s.Sku, StringComparer.Ordinal).ToList();
        var found = await Task.WhenAll(wanted.Select(s => Offer(s.Sku, s.ProductId)));
        return found.OfType<SkuOffer>().ToDictionary(o => o.Sku, StringComparer.Ordinal);
    }

    private async Task<SkuOffer?> Offer(string sku, string? productId)
    {
        if (productId is not null && await OfferIn(productId, sku) is { } offer)
            return offer;
        var owner = await grains.GetGrain<ISkuIndexGrain>(sku).GetProductId();
        return owner is null || owner == productId ? null : await OfferIn(owner, sku);
    }

    private async Task<SkuOffer?> OfferIn(string productId, string sku)
    {
        if (!_products.TryGetValue(productId, out var product))
            _products[productId] = product = grains.GetGrain<IProductGrain>(productId).GetProduct();
        var variant = (await product)?.Variants.FirstOrDefault(v => v.Sku == sku);
        return variant is null ? null : new SkuOffer(sku, productId, variant.Name, variant.Price);
    }
}
