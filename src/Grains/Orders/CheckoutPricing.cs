using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Catalog;

namespace EShop.Grains.Orders;

/// <summary>Prices cart lines from the catalog as it is at checkout: the client's prices never count.</summary>
public static class CheckoutPricing
{
    public sealed record Priced(IReadOnlyList<OrderLine> Lines, Money Total);

    /// <summary>The priced lines, or the reason they cannot be sold (a sku gone, mixed currencies, a total one payment cannot take).</summary>
    public static async Task<(Priced? Priced, string? Problem)> Price(IGrainFactory grains, IReadOnlyList<StockLine> lines)
    {
        var offers = await new CatalogOffers(grains).Offers(lines.Select(l => (l.Sku, (string?)null)));
        return Price(lines, offers);
    }

    /// <summary>
    /// The pure half of <see cref="Price(IGrainFactory, IReadOnlyList{StockLine})"/>. The total must be a chargeable
    /// amount (1..<see cref="Money.MaxAmount"/>): nothing is ordered, reserved or charged otherwise.
    /// </summary>
    public static (Priced? Priced, string? Problem) Price(IReadOnlyList<StockLine> lines, IReadOnlyDictionary<string, SkuOffer> offers)
    {
        var priced = new List<OrderLine>(lines.Count);
        foreach (var line in lines)
        {
            if (!offers.TryGetValue(line.Sku, out var offer))
                return (null, $"The sku '{line.Sku}' is no longer sold; remove it from the cart.");
            if (!offer.IsSellable)
                return (null, $"The sku '{line.Sku}' is priced above {Money.MaxAmount} minor units, more than one payment can take; remove it from the cart.");
            if (!CartRules.IsLineQuantity(line.Quantity))
                return (null, $"The quantity of '{line.Sku}' must be between 1 and {CartRules.MaxQuantity}.");
            priced.Add(new OrderLine(line.Sku, offer.Name, line.Quantity, offer.Price, offer.Price with { Amount = checked(offer.Price.Amount * line.Quantity) }));
        }

        var currencies = priced.Select(l => l.UnitPrice.Currency).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count != 1)
            return (null, "The cart mixes currencies; one order is paid in one currency.");

        // Stops at the first line past the cap, so the running total stays far from overflow whatever the lines hold.
        var total = 0L;
        foreach (var line in priced)
        {
            total = checked(total + line.LineTotal.Amount);
            if (total > Money.MaxAmount)
                return (null, $"The order total is over {Money.MaxAmount} minor units, the most one payment can take; order fewer items at a time.");
        }

        if (!Money.IsChargeable(total))
            return (null, "The order total is zero; there is nothing to charge.");
        return (new Priced(priced, new Money(total, currencies[0])), null);
    }
}
