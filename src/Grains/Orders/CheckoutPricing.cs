using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Orders;

namespace EShop.Grains.Orders;

/// <summary>Prices cart lines from the catalog as it is at checkout: the client's prices never count.</summary>
public static class CheckoutPricing
{
    public sealed record Priced(IReadOnlyList<OrderLine> Lines, Money Total);

    /// <summary>The priced lines, or the reason they cannot be sold (a sku gone, mixed currencies).</summary>
    public static async Task<(Priced? Priced, string? Problem)> Price(IGrainFactory grains, IReadOnlyList<StockLine> lines)
    {
        var variants = await Task.WhenAll(lines.Select(line => FindVariant(grains, line.Sku)));
        var priced = new List<OrderLine>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            if (variants[i] is not { } variant)
                return (null, $"The sku '{lines[i].Sku}' is no longer sold; remove it from the cart.");
            var unit = variant.Price;
            priced.Add(new OrderLine(variant.Sku, variant.Name, lines[i].Quantity, unit, unit with { Amount = unit.Amount * lines[i].Quantity }));
        }

        var currencies = priced.Select(l => l.UnitPrice.Currency).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count != 1)
            return (null, "The cart mixes currencies; one order is paid in one currency.");
        return (new Priced(priced, new Money(priced.Sum(l => l.LineTotal.Amount), currencies[0])), null);
    }

    private static async Task<ProductVariant?> FindVariant(IGrainFactory grains, string sku)
    {
        if (await grains.GetGrain<ISkuIndexGrain>(sku).GetProductId() is not { } productId)
            return null;
        var product = await grains.GetGrain<IProductGrain>(productId).GetProduct();
        return product?.Variants.FirstOrDefault(v => v.Sku == sku);
    }
}
