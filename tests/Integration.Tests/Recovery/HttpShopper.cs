using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EShop.Integration.Tests.Recovery;

/// <summary>An account seen through the HTTP API, with the token of its last login.</summary>
internal sealed class HttpShopper(string email, string password)
{
    private static readonly object ShippingAddress = new { fullName = "Ann Example", line1 = "1 Main St", city = "Springfield", postalCode = "12345", country = "US" };

    private string? _token;

    public static async Task<HttpShopper> RegisterAsync(HttpClient http, string name)
    {
        var (email, password) = ($"{name}-{Guid.NewGuid():N}@example.com", "correct-horse-battery");
        var response = await http.PostAsJsonAsync("/api/auth/register", new { email, password, fullName = name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await LogInAsync(http, email, password);
    }

    public static async Task<HttpShopper> LogInAsync(HttpClient http, string email, string password)
    {
        var shopper = new HttpShopper(email, password);
        await shopper.LogInAsync(http);
        return shopper;
    }

    public async Task LogInAsync(HttpClient http)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    }

    public async Task AddAsync(HttpClient http, string sku, int quantity) =>
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Post, "/api/cart/items", new { sku, quantity })).StatusCode);

    public Task<HttpResponseMessage> PlaceOrderAsync(HttpClient http, string idempotencyKey) =>
        SendAsync(http, HttpMethod.Post, "/api/orders", new { shippingAddress = ShippingAddress, paymentMethodId = "pm_card_visa" }, idempotencyKey);

    public async Task<string> StatusAsync(HttpClient http, string orderId) =>
        (await ReadAsync(http, $"/api/orders/{orderId}")).GetProperty("status").GetString()!;

    public async Task<string[]> OrderIdsAsync(HttpClient http) =>
        [.. (await ReadAsync(http, "/api/orders")).GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()!)];

    public async Task<(string Sku, int Quantity)[]> CartAsync(HttpClient http) =>
        [.. (await ReadAsync(http, "/api/cart")).GetProperty("items").EnumerateArray().Select(l => (l.GetProperty("sku").GetString()!, l.GetProperty("quantity").GetInt32()))];

    public async Task<(string Sku, int OnHand, int Reserved)> StockAsync(HttpClient http, string sku)
    {
        var stock = await ReadAsync(http, $"/api/inventory/{sku}");
        return (stock.GetProperty("sku").GetString()!, stock.GetProperty("onHand").GetInt32(), stock.GetProperty("reserved").GetInt32());
    }

    private async Task<JsonElement> ReadAsync(HttpClient http, string path)
    {
        var response = await SendAsync(http, HttpMethod.Get, path, body: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, object? body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return http.SendAsync(request);
    }
}
