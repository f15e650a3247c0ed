namespace EShop.Client;

// Discount codes: customers (or guests, with a cart token) apply one to their cart; admins create and read them.
public sealed partial class EShopClient
{
    /// <summary>Applies a code to the cart (replacing another). 404 for an unknown code, 409 when the cart cannot take it.</summary>
    public Task<Cart> ApplyDiscountAsync(string code, CancellationToken cancellationToken = default) =>
        SendAsync<Cart>(HttpMethod.Post, "/api/cart/discount", new { code }, cancellationToken: cancellationToken);

    public Task<Cart> RemoveDiscountAsync(CancellationToken cancellationToken = default) =>
        SendAsync<Cart>(HttpMethod.Delete, "/api/cart/discount", cancellationToken: cancellationToken);

    /// <summary>Admin only. 409 when the code exists.</summary>
    public Task<Discount> CreateDiscountAsync(DiscountInput discount, CancellationToken cancellationToken = default) =>
        SendAsync<Discount>(HttpMethod.Post, "/api/admin/discounts", discount, cancellationToken: cancellationToken);

    /// <summary>Admin only.</summary>
    public Task<Discount> GetDiscountAsync(string code, CancellationToken cancellationToken = default) =>
        SendAsync<Discount>(HttpMethod.Get, $"/api/admin/discounts/{Uri.EscapeDataString(code)}", cancellationToken: cancellationToken);
}
