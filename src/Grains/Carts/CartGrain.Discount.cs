using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;
using EShop.Grains.Catalog;

namespace EShop.Grains.Carts;

public sealed partial class CartGrain
{
    public async Task<CartDiscountChange> ApplyDiscount(string code)
    {
        var now = clock.UtcNow;
        var contents = ContentsAt(now);
        var offers = await Offers(contents);
        contents = contents.KeepOnly(offers);
        var discount = await Discount(code).GetDiscount();
        var subtotal = contents.Price(offers).Subtotal;
        var refused = discount is null ? RedemptionOutcome.Unknown : Refusal(discount, subtotal, now);
        if (refused is { } refusal)
            return new CartDiscountChange(refusal, await Priced(contents, offers, now), DiscountRules.Explain(refusal, discount?.Terms));

        contents = contents.WithDiscount(code, now);
        await Save(contents, now);
        return new CartDiscountChange(null, contents.Price(offers, discount!.Terms, now));
    }

    public async Task<Cart> RemoveDiscount()
    {
        var now = clock.UtcNow;
        var contents = ContentsAt(now).WithDiscount(null, now);
        var offers = await Offers(contents);
        contents = contents.KeepOnly(offers);
        await Save(contents, now);
        return contents.Price(offers);
    }

    public Task<string?> GetDiscountCode() => Task.FromResult(ContentsAt(clock.UtcNow).DiscountCode);

    /// <summary>The cart as the contract shows it, its code priced by the code's terms as they are now.</summary>
    private async Task<Cart> Priced(CartContents contents, IReadOnlyDictionary<string, SkuOffer> offers, DateTimeOffset now) =>
        contents.DiscountCode is { } code
            ? contents.Price(offers, (await Discount(code).GetDiscount())?.Terms, now)
            : contents.Price(offers);

    // Exhaustion counts the redemptions held right now: a code that frees up later can be applied again.
    private static RedemptionOutcome? Refusal(Discount discount, Money subtotal, DateTimeOffset now) =>
        DiscountRules.Refusal(discount.Terms, subtotal, now)
        ?? (discount.MaxRedemptions is { } max && discount.Redeemed + discount.Reserved >= max ? RedemptionOutcome.Exhausted : null);

    private IDiscountGrain Discount(string code) => grains.GetGrain<IDiscountGrain>(DiscountRules.GrainKey(code));
}
