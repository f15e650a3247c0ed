using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EShop.LoadTest;

public sealed record Outcome(string OrderId, string Status, TimeSpan Elapsed);

/// <summary>The shop's HTTP API as the load needs it; every call is checked, nothing is retried.</summary>
public sealed class ShopClient(string url) : IDisposable
{
    private static readonly object Address = new { fullName = "Load Test", line1 = "1 Bench St", city = "Loopback", postalCode = "127", country = "US" };

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };

    public async Task<string> Login(string email, string password)
    {
        var response = await _http.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>Registers and logs in <paramref name="count"/> customers, a few at a time (password hashing is CPU-bound).</summary>
    public async Task<IReadOnlyList<string>> Customers(int count)
    {
        using var gate = new SemaphoreSlim(Environment.ProcessorCount * 2);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var email = $"load-{Guid.NewGuid():N}@example.com";
                var response = await _http.PostAsJsonAsync("/api/auth/register", new { email, password = "load-test-password", fullName = "Load Test" });
                response.EnsureSuccessStatusCode();
                return await Login(email, "load-test-password");
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public async Task<string> CreateSku(string admin, int onHand)
    {
        var sku = $"LOAD-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var product = new { name = $"Load {sku}", category = "load", variants = new[] { new { sku, name = sku, price = new { amount = 1000, currency = "usd" } } } };
        (await Send(HttpMethod.Post, "/api/products", admin, product)).EnsureSuccessStatusCode();
        (await Send(HttpMethod.Put, $"/api/inventory/{sku}", admin, new { onHand })).EnsureSuccessStatusCode();
        return sku;
    }

    public async Task<string> Stock(string admin, string sku) =>
        await (await Send(HttpMethod.Get, $"/api/inventory/{sku}", admin)).Content.ReadAsStringAsync();

    public async Task AddToCart(string token, string sku, int quantity) =>
        (await Send(HttpMethod.Post, "/api/cart/items", token, new { sku, quantity })).EnsureSuccessStatusCode();

    /// <summary>POST /api/orders, then polls the order until it leaves Pending.</summary>
    public async Task<Outcome> CheckoutAndWait(string token)
    {
        var started = Stopwatch.GetTimestamp();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(new { shippingAddress = Address, paymentMethodId = "pm_card_visa" }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        while (true)
        {
            var order = await (await Send(HttpMethod.Get, $"/api/orders/{orderId}", token)).Content.ReadFromJsonAsync<JsonElement>();
            var status = order.GetProperty("status").GetString()!;
            if (status != "Pending")
                return new Outcome(orderId, status, Stopwatch.GetElapsedTime(started));
            await Task.Delay(20);
        }
    }

    public void Dispose() => _http.Dispose();

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _http.SendAsync(request);
    }
}
