using Orleans.Concurrency;

namespace EShop.Grains.Abstractions.Carts;

/// <summary>
/// A cart without an account, keyed by <see cref="GuestCartTokens.KeyOf"/> of its token (never the token itself).
/// Every call on a cart that was never issued, has expired or has been merged answers null.
/// </summary>
[Alias("eshop.IGuestCartGrain")]
public interface IGuestCartGrain : IGrainWithStringKey
{
    /// <summary>Opens the cart for a freshly generated token; idempotent.</summary>
    [Alias("Issue")]
    Task Issue();

    /// <summary>Whether the token still opens this cart.</summary>
    [ReadOnly, Alias("IsOpen")]
    Task<bool> IsOpen();

    [ReadOnly, Alias("GetCart")]
    Task<Cart?> GetCart();

    [Alias("AddItem")]
    Task<CartChange?> AddItem(string sku, int quantity);

    [Alias("SetQuantity")]
    Task<CartChange?> SetQuantity(string sku, int quantity);

    [Alias("RemoveItem")]
    Task<Cart?> RemoveItem(string sku);

    [Alias("ApplyDiscount")]
    Task<CartDiscountChange?> ApplyDiscount(string code);

    [Alias("RemoveDiscount")]
    Task<Cart?> RemoveDiscount();

    /// <summary>Empties the cart; false when the cart is not open.</summary>
    [Alias("Clear")]
    Task<bool> Clear();

    /// <summary>
    /// Moves the lines into the user's cart and closes this one, so the token stops working. A closed or unknown
    /// cart merges nothing: a repeated login with the same token adds nothing twice.
    /// </summary>
    [Alias("MergeInto")]
    Task MergeInto(string userId);
}
