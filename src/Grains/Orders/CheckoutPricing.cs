using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Catalog;

namespace EShop.Grains.Orders;

/// <summary>Prices cart lines from the catalog as it is at checkout: the client's prices never count.</summary>
public static class CheckoutPricing
{
    public sealed record Priced(IReadOnlyList<OrderLine> Lines, Money Total);

    /// <summary>The priced lines, or the reason they cannot be sold (a sku gone, mixed currencies).</summary>
    public static async Task<(Priced? Priced, string? Problem)> Price(IGrainFactory grains, IReadOnlyList<StockLine> lines)
    {
        var offers = await new CatalogOffers(grains).Offers(lines.Select(l => (l.Sku, (string?)null)));
        var priced = new List<OrderLine>(lines.Count);
        foreach (var line in lines)
        {
            if (!offers.TryGetValue(line.Sku, out var offer))
                return (null, $"The sku '{line.Sku}' is no longer sold; remove it from the cart.");
            priced.Add(new OrderLine(line.Sku, offer.Name, line.Quantity, offer.Price, offer.Price with { Amount = offer.Price.Amount * line.Quantity }));
        }

        var currencies = priced.Select(l => l.UnitPrice.Currency).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count != 1)
            return (null, "The cart mixes currencies; one order is paid in one currency.");
        return (new Priced(priced, new Money(priced.Sum(l => l.LineTotal.Amount), currencies[0])), null);
    }
}
