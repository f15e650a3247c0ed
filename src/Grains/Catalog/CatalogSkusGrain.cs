using EShop.Grains.Abstractions.Catalog;
using Orleans.Concurrency;

namespace EShop.Grains.Catalog;

/// <summary>Answers sku questions through <see cref="CatalogOffers"/>, on whichever silo the caller reaches.</summary>
[StatelessWorker]
public sealed class CatalogSkusGrain(IGrainFactory grains) : Grain, ICatalogSkusGrain
{
    public async Task<bool> IsListed(string sku) =>
        (await new CatalogOffers(grains).Offers([(sku, null)])).ContainsKey(sku);
}
