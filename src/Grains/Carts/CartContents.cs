using System.Collections.Immutable;
using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;
using EShop.Grains.Catalog;

namespace EShop.Grains.Carts;

/// <summary>A line as the cart keeps it: no price, which is always read from the catalog as it is now.</summary>
[GenerateSerializer, Immutable, Alias("eshop.cart-item.v1")]
public sealed record CartItem([property: Id(0)] string Sku, [property: Id(1)] string ProductId, [property: Id(2)] int Quantity);

/// <summary>A change the cart decided on: the new contents (the same instance when nothing changed) and why.</summary>
public sealed record CartDecision(CartChangeStatus Status, CartContents Contents, string? Detail = null);

/// <summary>
/// The lines of one cart, in the order they were first added, with the time of the last change and the orders
/// already taken out of it, and the discount code applied to it (normalized; judged by its terms whenever the cart is
/// priced). Every decision is made here; the grain only prices, persists and schedules.
/// </summary>
[GenerateSerializer, Immutable, Alias("eshop.cart-contents.v1")]
public sealed record CartContents(
    [property: Id(0)] ImmutableList<CartItem> Items,
    [property: Id(1)] DateTimeOffset ChangedAt,
    [property: Id(2)] ImmutableList<string> AppliedOrders,
    [property: Id(3)] string? DiscountCode = null)
{
    public const int MaxLines = 50;

    /// <summary>The currency of an empty cart's subtotal.</summary>
    public const string DefaultCurrency = "usd";

    /// <summary>How many orderIds <see cref="RemoveOrdered"/> remembers; checkout repeats only its latest orders.</summary>
    public const int RememberedOrders = 20;

    /// <summary>A new empty cart each time: a JSON storage serializer may fill a state's default value in place,
    /// and a shared instance would then carry one cart's lines into every new cart.</summary>
    public static CartContents Empty => new([], DateTimeOffset.MinValue, []);

    public bool IsEmpty => Items.IsEmpty;

    public CartItem? Find(string sku) => Items.Find(i => i.Sku == sku);

    public bool IsIdle(DateTimeOffset now, TimeSpan idleTimeout) => !IsEmpty && now - ChangedAt >= idleTimeout;

    /// <summary>The cart as it stands at <paramref name="now"/>: emptied once it has been left alone too long.</summary>
    public CartContents ClearIfIdle(DateTimeOffset now, TimeSpan idleTimeout) => IsIdle(now, idleTimeout) ? Clear(now) : this;

    /// <summary>Adds to the sku's line (creating it); the line must end within 1..<see cref="CartRules.MaxQuantity"/>.</summary>
    /// <param name="cartCurrency">The currency the other lines are priced in now, if any.</param>
    public CartDecision Add(string sku, SkuOffer? offer, int quantity, string? cartCurrency, DateTimeOffset now)
    {
        if (!CartRules.IsLineQuantity(quantity))
            return Refuse(CartChangeStatus.InvalidQuantity, $"The quantity must be between 1 and {CartRules.MaxQuantity}.");
        var held = Find(sku)?.Quantity ?? 0;
        if (held + quantity > CartRules.MaxQuantity)
            return Refuse(CartChangeStatus.InvalidQuantity, $"The cart holds {held} of '{Echo.Of(sku)}'; a line holds at most {CartRules.MaxQuantity}.");
        return Put(sku, offer, held + quantity, cartCurrency, now);
    }

    /// <summary>Sets the sku's line to <paramref name="quantity"/>: 0 removes it, a sku not in the cart is added.</summary>
    public CartDecision SetQuantity(string sku, SkuOffer? offer, int quantity, string? cartCurrency, DateTimeOffset now)
    {
        if (quantity == 0)
            return new CartDecision(CartChangeStatus.Changed, Remove(sku, now));
        if (!CartRules.IsLineQuantity(quantity))
            return Refuse(CartChangeStatus.InvalidQuantity, $"The quantity must be between 0 and {CartRules.MaxQuantity}.");
        return Put(sku, offer, quantity, cartCurrency, now);
    }

    public CartContents Remove(string sku, DateTimeOffset now) =>
        Find(sku) is { } line ? this with { Items = Items.Remove(line), ChangedAt = now } : this;

    /// <summary>Empties the cart and drops its discount code; the orders already taken out stay remembered.</summary>
    public CartContents Clear(DateTimeOffset now) => IsEmpty && DiscountCode is null ? this : this with { Items = [], DiscountCode = null, ChangedAt = now };

    /// <summary>Applies a normalized code, replacing any other (one code per cart).</summary>
    public CartContents WithDiscount(string? code, DateTimeOffset now) => code == DiscountCode ? this : this with { DiscountCode = code, ChangedAt = now };

    /// <summary>Drops the lines whose sku the catalog no longer sells.</summary>
    public CartContents KeepOnly(IReadOnlyDictionary<string, SkuOffer> offers) =>
        Items.All(i => offers.ContainsKey(i.Sku)) ? this : this with { Items = Items.RemoveAll(i => !offers.ContainsKey(i.Sku)) };

    /// <summary>Takes an order's quantities out, once per orderId; a line at or below zero goes.</summary>
    public CartContents RemoveOrdered(string orderId, IEnumerable<StockLine> lines, DateTimeOffset now)
    {
        if (AppliedOrders.Contains(orderId))
            return this;

        var ordered = lines.GroupBy(l => l.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity), StringComparer.Ordinal);
        var items = Items
            .Select(i => ordered.TryGetValue(i.Sku, out var taken) ? i with { Quantity = i.Quantity - taken } : i)
            .Where(i => i.Quantity > 0)
            .ToImmutableList();
        var changed = !items.SequenceEqual(Items) || DiscountCode is not null;
        // A code serves one checkout: the confirmed order redeemed it (or took nothing off), so it leaves the cart.
        return this with { Items = changed ? items : Items, DiscountCode = null, ChangedAt = changed ? now : ChangedAt, AppliedOrders = Remember(orderId) };
    }

    /// <summary>
    /// Adds a guest cart's lines, once per <paramref name="mergeId"/>: quantities add up, capped at
    /// <see cref="CartRules.MaxQuantity"/> per line; a line the cart cannot take (not sold, another currency, no
    /// room) is dropped, since a login must not fail over a guest's line.
    /// </summary>
    public CartContents Merge(
        string mergeId, IEnumerable<StockLine> lines, IReadOnlyDictionary<string, SkuOffer> offers, DateTimeOffset now, string? discountCode = null)
    {
        if (AppliedOrders.Contains(mergeId))
            return this;
        var contents = this;
        foreach (var line in lines.Where(l => l.Quantity > 0))
        {
            var quantity = Math.Min(CartRules.MaxQuantity, (contents.Find(line.Sku)?.Quantity ?? 0) + line.Quantity);
            contents = contents.Put(line.Sku, offers.GetValueOrDefault(line.Sku), quantity, contents.Currency(offers, exceptSku: line.Sku), now).Contents;
        }

        // The user's own code wins; the guest's joins a cart that has none.
        return contents with { AppliedOrders = Remember(mergeId), DiscountCode = DiscountCode ?? discountCode };
    }

    private ImmutableList<string> Remember(string id)
    {
        var applied = AppliedOrders.Add(id);
        return applied.Count > RememberedOrders ? applied.RemoveRange(0, applied.Count - RememberedOrders) : applied;
    }

    /// <summary>The currency the cart is priced in now: that of its first line the catalog still sells.</summary>
    public string? Currency(IReadOnlyDictionary<string, SkuOffer> offers, string? exceptSku = null) =>
        Items.Where(i => i.Sku != exceptSku && offers.TryGetValue(i.Sku, out var offer) && offer.IsSellable)
            .Select(i => offers[i.Sku].Price.Currency)
            .FirstOrDefault();

    /// <summary>
    /// The cart as the contract shows it. A line the catalog no longer sells is left out, and so is one whose
    /// price has moved to another currency than the cart's (it cannot be added into the subtotal) or above the
    /// cap (a price stored before the cap existed; the line stays, and shows again once the sku is repriced).
    /// </summary>
    public Cart Price(IReadOnlyDictionary<string, SkuOffer> offers)
    {
        var currency = Currency(offers) ?? DefaultCurrency;
        var lines = new List<CartLine>(Items.Count);
        var subtotal = 0L;
        foreach (var item in Items)
        {
            if (!offers.TryGetValue(item.Sku, out var offer) || offer.Price.Currency != currency || !offer.IsSellable)
                continue;
            // Capped prices and quantities cannot overflow; checked turns a broken invariant into an error, never a wrong total.
            var lineTotal = checked(offer.Price.Amount * item.Quantity);
            subtotal = checked(subtotal + lineTotal);
            lines.Add(new CartLine(item.Sku, offer.ProductId, offer.Name, item.Quantity, offer.Price, offer.Price with { Amount = lineTotal }));
        }

        return new Cart(lines, new Money(subtotal, currency), new Money(subtotal, currency));
    }

    /// <summary>
    /// The cart priced with its discount code: <paramref name="terms"/> are the code's (null if it no longer exists).
    /// The code stays on the cart and takes 0 while the cart is below its minimum or outside its validity window, so
    /// the customer sees why nothing comes off, and checkout charges what the cart shows.
    /// </summary>
    public Cart Price(IReadOnlyDictionary<string, SkuOffer> offers, DiscountTerms? terms, DateTimeOffset now)
    {
        var cart = Price(offers);
        if (DiscountCode is null)
            return cart;
        var amount = terms is not null && DiscountRules.Refusal(terms, cart.Subtotal, now) is null ? DiscountRules.AmountOff(terms, cart.Subtotal) : 0;
        return cart with
        {
            Discount = new AppliedDiscount(DiscountCode, cart.Subtotal with { Amount = amount }),
            Total = cart.Subtotal with { Amount = cart.Subtotal.Amount - amount },
        };
    }

    private CartDecision Put(string sku, SkuOffer? offer, int quantity, string? cartCurrency, DateTimeOffset now)
    {
        if (offer is null)
            return Refuse(CartChangeStatus.UnknownSku, $"No sku '{Echo.Of(sku)}' in the catalog.");
        if (!offer.IsSellable)
            return Refuse(CartChangeStatus.NotForSale, $"'{Echo.Of(sku)}' is priced above {Money.MaxAmount} minor units, more than one payment can take; it is not for sale.");
        if (cartCurrency is not null && offer.Price.Currency != cartCurrency)
            return Refuse(CartChangeStatus.CurrencyMismatch, $"'{Echo.Of(sku)}' is priced in {offer.Price.Currency}; the cart is in {cartCurrency}.");

        if (Find(sku) is { } line)
            return line.Quantity == quantity && line.ProductId == offer.ProductId
                ? new CartDecision(CartChangeStatus.Changed, this)
                : Changed(Items.Replace(line, line with { ProductId = offer.ProductId, Quantity = quantity }), now);
        if (Items.Count >= MaxLines)
            return Refuse(CartChangeStatus.TooManyLines, $"A cart holds at most {MaxLines} lines.");
        return Changed(Items.Add(new CartItem(sku, offer.ProductId, quantity)), now);
    }

    private CartDecision Changed(ImmutableList<CartItem> items, DateTimeOffset now) =>
        new(CartChangeStatus.Changed, this with { Items = items, ChangedAt = now });

    private CartDecision Refuse(CartChangeStatus status, string detail) => new(status, this, detail);
}
