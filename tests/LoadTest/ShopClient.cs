using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EShop.LoadTest;

public sealed record Outcome(string OrderId, string Status, TimeSpan Elapsed);

/// <summary>A signed-in simulated customer: its own connections (from its own address) and its access token.</summary>
public sealed record Customer(HttpClient Http, string Token)
{
    private static readonly object Address = new { fullName = "Load Test", line1 = "1 Bench St", city = "Loopback", postalCode = "127", country = "US" };

    public async Task AddToCart(string sku, int quantity) =>
        (await ShopClient.Send(Http, HttpMethod.Post, "/api/cart/items", Token, new { sku, quantity })).EnsureSuccessStatusCode();

    /// <summary>POST /api/orders, then polls the order until it leaves Pending.</summary>
    public async Task<Outcome> CheckoutAndWait()
    {
        var started = Stopwatch.GetTimestamp();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(new { shippingAddress = Address, paymentMethodId = "pm_card_visa" }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        while (true)
        {
            var order = await (await ShopClient.Send(Http, HttpMethod.Get, $"/api/orders/{orderId}", Token)).Content.ReadFromJsonAsync<JsonElement>();
            var status = order.GetProperty("status").GetString()!;
            if (status != "Pending")
                return new Outcome(orderId, status, Stopwatch.GetElapsedTime(started));
            await Task.Delay(20);
        }
    }
}

/// <summary>The shop's HTTP API as the load needs it; every call is checked, nothing is retried.</summary>
public sealed class ShopClient(string url, bool oneAddress) : IDisposable
{
    // The admin's client, from the default address; each customer gets its own (see ClientAddresses).
    private readonly HttpClient _http = NewClient(url, source: null);
    private readonly List<HttpClient> _clients = [];

    public Task<string> Login(string email, string password) => Login(_http, email, password);

    /// <summary>Registers and logs in <paramref name="count"/> customers, a few at a time (password hashing is CPU-bound).</summary>
    public async Task<IReadOnlyList<Customer>> Customers(int count)
    {
        var clients = Enumerable.Range(0, count).Select(_ => oneAddress ? _http : NewCustomerClient()).ToList();
        using var gate = new SemaphoreSlim(Environment.ProcessorCount * 2);
        return await Task.WhenAll(clients.Select(async http =>
        {
            await gate.WaitAsync();
            try
            {
                var email = $"load-{Guid.NewGuid():N}@example.com";
                var response = await http.PostAsJsonAsync("/api/auth/register", new { email, password = "load-test-password", fullName = "Load Test" });
                response.EnsureSuccessStatusCode();
                return new Customer(http, await Login(http, email, "load-test-password"));
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

    public void Dispose()
    {
        _clients.ForEach(c => c.Dispose());
        _http.Dispose();
    }

    private HttpClient NewCustomerClient()
    {
        var client = NewClient(url, ClientAddresses.Of(_clients.Count));
        _clients.Add(client);
        return client;
    }

    private static HttpClient NewClient(string url, System.Net.IPAddress? source) =>
        new(ClientAddresses.Handler(source)) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };

    private static async Task<string> Login(HttpClient http, string email, string password)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, object? body = null) =>
        Send(_http, method, path, token, body);

    internal static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }
}
