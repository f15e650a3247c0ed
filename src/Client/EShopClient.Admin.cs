namespace EShop.Client;

// The calls that need an admin's token (403 for anyone else).
public sealed partial class EShopClient
{
    /// <summary>Admin only. Creates a product; the Api picks its id.</summary>
    public Task<Product> CreateProductAsync(ProductInput product, CancellationToken cancellationToken = default) =>
        SendAsync<Product>(HttpMethod.Post, "/api/products", product, cancellationToken: cancellationToken);

    /// <summary>Admin only.</summary>
    public Task<StockLevel> GetStockAsync(string sku, CancellationToken cancellationToken = default) =>
        SendAsync<StockLevel>(HttpMethod.Get, $"/api/inventory/{Uri.EscapeDataString(sku)}", cancellationToken: cancellationToken);

    /// <summary>Admin only.</summary>
    public Task<StockLevel> SetStockAsync(string sku, int onHand, CancellationToken cancellationToken = default) =>
        SendAsync<StockLevel>(HttpMethod.Put, $"/api/inventory/{Uri.EscapeDataString(sku)}", new { onHand }, cancellationToken: cancellationToken);

    /// <summary>Admin only.</summary>
    public Task<Order> ShipOrderAsync(string orderId, CancellationToken cancellationToken = default) => OrderActionAsync(orderId, "ship", cancellationToken);

    /// <summary>Admin only.</summary>
    public Task<Order> DeliverOrderAsync(string orderId, CancellationToken cancellationToken = default) => OrderActionAsync(orderId, "deliver", cancellationToken);

    /// <summary>
    /// Admin only, and only against an Api running in Development (elsewhere the route does not exist: 404).
    /// <c>POST /api/dev/customers</c> makes <paramref name="count"/> (1 to 1,000) customers without passwords and
    /// answers an access token for each (see <see cref="UseAccessToken"/>), for load tests that need thousands of
    /// signed-in customers without minutes of password hashing. Not part of docs/openapi.json.
    /// </summary>
    public Task<IReadOnlyList<LoadTestCustomer>> CreateDevCustomersAsync(int count, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<LoadTestCustomer>>(HttpMethod.Post, "/api/dev/customers", new { count }, cancellationToken: cancellationToken);
}
