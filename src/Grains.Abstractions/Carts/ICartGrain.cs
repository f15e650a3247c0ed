using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Discounts;
using Orleans.Concurrency;

namespace EShop.Grains.Abstractions.Carts;

[GenerateSerializer, Immutable, Alias("eshop.cart-line.v1")]
public sealed record CartLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] string ProductId,
    [property: Id(2)] string Name,
    [property: Id(3)] int Quantity,
    [property: Id(4)] Money UnitPrice,
    [property: Id(5)] Money LineTotal);

/// <summary>
/// The cart as the contract shows it: lines priced from the catalog as it is now, the applied discount code (if any)
/// with what it takes off now, and the total (subtotal - discount) that checkout would charge.
/// </summary>
[GenerateSerializer, Immutable, Alias("eshop.cart.v1")]
public sealed record Cart(
    [property: Id(0)] IReadOnlyList<CartLine> Items,
    [property: Id(1)] Money Subtotal,
    [property: Id(2)] Money Total,
    [property: Id(3)] AppliedDiscount? Discount = null);

/// <summary>The answer to applying a code: null <see cref="Refused"/> when it was applied; the cart as it is now either way.</summary>
[GenerateSerializer, Immutable, Alias("eshop.cart-discount-change.v1")]
public sealed record CartDiscountChange(
    [property: Id(0)] RedemptionOutcome? Refused,
    [property: Id(1)] Cart Cart,
    [property: Id(2)] string? Detail = null);

public enum CartChangeStatus
{
    Changed,
    UnknownSku,
    InvalidQuantity,
    TooManyLines,
    CurrencyMismatch,

    /// <summary>The sku's price is above <see cref="Money.MaxAmount"/> (saved before the cap existed).</summary>
    NotForSale,
}

[GenerateSerializer, Immutable, Alias("eshop.cart-change.v1")]
public sealed record CartChange([property: Id(0)] CartChangeStatus Status, [property: Id(1)] Cart Cart, [property: Id(2)] string? Detail = null);

public enum CheckoutClaimStatus
{
    /// <summary>The checkout holds the cart now (or already did); its lines come with the answer.</summary>
    Claimed,

    /// <summary>Another checkout's order is still Pending (or about to start); it is named in the answer.</summary>
    Busy,

    /// <summary>Nothing to order; no claim was taken.</summary>
    Empty,
}

[GenerateSerializer, Immutable, Alias("eshop.checkout-claim-result.v1")]
public sealed record CheckoutClaimResult(
    [property: Id(0)] CheckoutClaimStatus Status,
    [property: Id(1)] IReadOnlyList<StockLine> Lines,
    [property: Id(2)] string? PendingOrderId = null,
    [property: Id(3)] string? DiscountCode = null);

/// <summary>One cart per user, keyed by userId.</summary>
[Alias("eshop.ICartGrain")]
public interface ICartGrain : IGrainWithStringKey
{
    [ReadOnly, Alias("GetCart")]
    Task<Cart> GetCart();

    /// <summary>Adds to the line of that sku (creating it); the line's quantity stays within 1..100.</summary>
    [Alias("AddItem")]
    Task<CartChange> AddItem(string sku, int quantity);

    /// <summary>Sets a line's quantity (0 removes it; a sku not in the cart is added).</summary>
    [Alias("SetQuantity")]
    Task<CartChange> SetQuantity(string sku, int quantity);

    [Alias("RemoveItem")]
    Task<Cart> RemoveItem(string sku);

    [Alias("Clear")]
    Task Clear();

    /// <summary>Forgets the cart entirely (lines, discount, checkout claim): the account was deleted.</summary>
    [Alias("EraseContents")]
    Task EraseContents();

    /// <summary>The lines as skus and quantities, for checkout (which prices them itself).</summary>
    [ReadOnly, Alias("GetLines")]
    Task<IReadOnlyList<StockLine>> GetLines();

    /// <summary>
    /// Makes <paramref name="orderId"/> the one checkout of this cart and answers the lines it orders, unless the
    /// order of an earlier claim is still Pending. Idempotent for the orderId; persisted, so it survives a restart.
    /// </summary>
    [Alias("ClaimCheckout")]
    Task<CheckoutClaimResult> ClaimCheckout(string orderId);

    /// <summary>Gives the claim up when its checkout placed no order after all (nothing to charge, a sku gone).</summary>
    [Alias("ReleaseCheckout")]
    Task ReleaseCheckout(string orderId);

    /// <summary>Takes an order's quantities out of the cart once it is confirmed; once per orderId. Ends its claim.</summary>
    [Alias("RemoveOrdered")]
    Task RemoveOrdered(string orderId, IReadOnlyList<StockLine> lines);

    /// <summary>
    /// Adds a guest cart's lines (quantities added, capped per line, prices read from the catalog now); once per
    /// <paramref name="mergeId"/>. Lines the catalog no longer sells or that cannot join the cart are dropped.
    /// </summary>
    /// <param name="discountCode">The guest's discount code: it joins the cart if the cart has none.</param>
    [Alias("MergeGuest.v2")]
    Task MergeGuest(string mergeId, IReadOnlyList<StockLine> lines, string? discountCode = null);

    /// <summary>
    /// Applies a normalized discount code (replacing any other): refused when the code is unknown, outside its validity
    /// window, exhausted right now, or the cart is below its minimum subtotal. The code is judged again at checkout.
    /// </summary>
    [Alias("ApplyDiscount")]
    Task<CartDiscountChange> ApplyDiscount(string code);

    [Alias("RemoveDiscount")]
    Task<Cart> RemoveDiscount();

    /// <summary>The applied code, if any (for a guest cart's merge on login).</summary>
    [ReadOnly, Alias("GetDiscountCode")]
    Task<string?> GetDiscountCode();
}
