using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Orders;

/// <summary>A shopper's way through checkout over HTTP: fresh stocked skus, POST /api/orders, its answer and the outcome.</summary>
internal static class Checkouts
{
    public static readonly object Address = new { fullName = "Ann Example", line1 = "1 Main St", city = "Springfield", postalCode = "12345", country = "US" };

    /// <summary>A fresh product with two skus priced <paramref name="price"/> each (minor units), stocked as asked.</summary>
    public static async Task<(HttpClient Admin, string Sku, string OtherSku)> TwoFreshSkus(
        this ApiFactory factory, int onHand, int otherOnHand, long price = 2500)
    {
        var admin = await factory.Admin();
        var (sku, other) = ($"CHK-{Guid.NewGuid():N}"[..24], $"CHK-{Guid.NewGuid():N}"[..24]);
        var product = new
        {
            name = "Checkout Lamp",
            category = "lighting",
            variants = new[] { sku, other }.Select(s => new { sku = s, name = s, price = new { amount = price, currency = "usd" } }),
        };
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/products", product)).StatusCode);
        await admin.PutAsJsonAsync($"/api/inventory/{sku}", new { onHand });
        await admin.PutAsJsonAsync($"/api/inventory/{other}", new { onHand = otherOnHand });
        return (admin, sku, other);
    }

    public static Task<HttpResponseMessage> PlaceOrder(HttpClient http, string key, string paymentMethodId = "pm_card_visa") =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Headers = { { "Idempotency-Key", key } },
            Content = JsonContent.Create(new { shippingAddress = Address, paymentMethodId }),
        });

    /// <summary>The order once it has left Pending.</summary>
    public static Task<JsonElement> Settled(HttpClient http, string orderId) =>
        ApiClients.Until(
            () => http.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}"),
            order => order.GetProperty("status").GetString() != "Pending",
            $"order {orderId} settled");

    /// <summary>Asserts a 202 with its Location and returns the orderId.</summary>
    public static async Task<string> Accepted(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var orderId = body.GetProperty("orderId").GetString()!;
        Assert.Equal($"/api/orders/{orderId}", response.Headers.Location?.ToString());
        return orderId;
    }

    public static async Task<JsonElement> StockOf(HttpClient admin, string sku) =>
        await admin.GetFromJsonAsync<JsonElement>($"/api/inventory/{sku}");

    public static async Task<JsonElement> CartOf(HttpClient customer) =>
        await customer.GetFromJsonAsync<JsonElement>("/api/cart");

    /// <summary>The orderIds GET /api/orders lists on its first (default) page.</summary>
    public static async Task<string[]> OrderIds(HttpClient customer) =>
        [.. (await customer.GetFromJsonAsync<JsonElement>("/api/orders")).GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()!)];
}
