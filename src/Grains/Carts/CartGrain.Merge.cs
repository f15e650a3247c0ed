using EShop.Grains.Abstractions.Common;
using EShop.Grains.Catalog;

namespace EShop.Grains.Carts;

public sealed partial class CartGrain
{
    public async Task MergeGuest(string mergeId, IReadOnlyList<StockLine> lines, string? discountCode = null)
    {
        var now = clock.UtcNow;
        var contents = ContentsAt(now);
        // Prices are read again now, as when adding: the guest saw the catalog as it was.
        var offers = await new CatalogOffers(grains).Offers(Wanted(contents).Concat(lines.Select(l => (l.Sku, (string?)null))));
        await Save(contents.KeepOnly(offers).Merge(mergeId, lines, offers, now, discountCode), now);
    }
}
