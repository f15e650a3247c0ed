using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.Logging;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>
/// Thousands of malformed, oversized and hostile requests across every route, as anonymous, customer, admin and
/// forged callers: none may answer 5xx or log an error, and none that is refused may change what a customer, the
/// catalog or the stock hold. Set CsCheck_Iter (and CsCheck_Seed to replay a failure) for longer runs.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputFuzzTests(ApiFactory factory)
{
    private enum Caller { Anonymous, Customer, Admin, Forged }

    private sealed record Route(string Method, string Path, params string[] Fields);

    private sealed record Probe(Route Route, Caller Caller, string Path, string? Body, string? Header, string ForgedToken)
    {
        public override string ToString() =>
            $"{Route.Method} {Clip(Path)} as {Caller} body={Clip(Body)} header={Clip(Header)}";

        private static string Clip(string? s) => s is null ? "null" : s.Length > 200 ? $"{s[..200]}…({s.Length})" : s;
    }

    private static readonly Route[] Routes =
    [
        new("POST", "/api/auth/register", "email", "password", "fullName"),
        new("POST", "/api/auth/login", "email", "password"),
        new("POST", "/api/auth/refresh", "refreshToken"),
        new("POST", "/api/auth/logout", "refreshToken"),
        new("GET", "/api/me"),
        new("PUT", "/api/me", "fullName"),
        new("POST", "/api/me/addresses", "fullName", "line1", "line2", "city", "postalCode", "country"),
        new("GET", "/api/me/addresses/{id}"),
        new("DELETE", "/api/me/addresses/{id}"),
        new("GET", "/api/products?search={q}&category={q}&page={q}&pageSize={q}"),
        new("GET", "/api/products/{id}"),
        new("POST", "/api/products", "name", "description", "category", "attributes", "variants"),
        new("PUT", "/api/products/{id}", "productId", "name", "description", "category", "attributes", "variants"),
        new("GET", "/api/inventory/{id}"),
        new("PUT", "/api/inventory/{id}", "onHand"),
        new("GET", "/api/cart"),
        new("POST", "/api/cart/items", "sku", "quantity"),
        new("PUT", "/api/cart/items/{id}", "quantity"),
        new("DELETE", "/api/cart/items/{id}"),
        new("POST", "/api/orders", "shippingAddress", "addressId", "paymentMethodId"),
        new("GET", "/api/orders?page={q}&pageSize={q}"),
        new("GET", "/api/orders/{id}"),
        new("POST", "/api/orders/{id}/cancel"),
        new("POST", "/api/orders/{id}/ship"),
        new("POST", "/api/orders/{id}/deliver"),
        new("GET", "/api/admin/orders?status={q}&userId={q}&page={q}&pageSize={q}"),
        new("POST", "/api/payments/stripe/webhook", "id", "type", "data"),
    ];

    [Fact]
    public async Task Hostile_requests_never_answer_5xx_or_log_errors_and_refused_ones_change_nothing()
    {
        var victim = await Victim.Create(factory);
        var ids = Gen.Frequency(
            (6, HostileInput.Text),
            (2, Gen.OneOf(victim.ProductId, victim.Sku, victim.AddressId, "prd_demo_classic-tee", "CLASSIC-TEE-BLACK-M", "ord_" + Guid.NewGuid().ToString("N"))));
        // Password hashing makes auth calls ~100x dearer than the rest: they get their share, not more.
        var routes = Gen.Frequency([.. Routes.Select(r => (r.Path.StartsWith("/api/auth/log", StringComparison.Ordinal) || r.Path.EndsWith("register", StringComparison.Ordinal) ? 1 : 8, Gen.Const(r)))]);
        var probes =
            from route in routes
            from caller in Gen.Frequency((2, Gen.Const(Caller.Anonymous)), (5, Gen.Const(Caller.Customer)), (3, Gen.Const(Caller.Admin)), (1, Gen.Const(Caller.Forged)))
            from id in ids
            from query in HostileInput.Text.Array[4]
            from body in HostileInput.Body(route.Fields)
            from header in HostileInput.Text
            from forged in HostileInput.Text
            select new Probe(route, caller, Fill(route.Path, id, query), body, header, forged);

        var before = await victim.Snapshot();
        await probes.SampleAsync(async probe =>
        {
            var response = await Send(victim, probe);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {probe}: {await response.Content.ReadAsStringAsync()}");
            var traceId = Assert.Single(response.Headers.GetValues("traceparent")).Split('-')[1];
            Assert.True(factory.Logs.InTrace(traceId, LogLevel.Error) is [], $"{probe} logged an error: {string.Join('\n', factory.Logs.InTrace(traceId, LogLevel.Error))}");
            if (response.IsSuccessStatusCode)
            {
                await victim.SettleCheckout(response, probe.Route);
                before = await victim.Snapshot();
                return;
            }

            var after = await victim.Snapshot();
            Assert.True(before == after, $"{(int)response.StatusCode} for {probe} changed state:\n{before}\n->\n{after}");
        }, iter: 2000, threads: 1, print: p => p.ToString());
    }

    private static string Fill(string template, string id, string[] query)
    {
        var path = template.Replace("{id}", HostileInput.PathSegment(id), StringComparison.Ordinal);
        for (var i = 0; path.Contains("{q}", StringComparison.Ordinal); i++)
        {
            var at = path.IndexOf("{q}", StringComparison.Ordinal);
            path = path[..at] + Uri.EscapeDataString(Scalar(query[i % query.Length])) + path[(at + 3)..];
        }

        return path;
    }

    /// <summary>Lone surrogates cannot be escaped as UTF-8; they travel as U+FFFD, as a browser would send them.</summary>
    private static string Scalar(string s) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s.Length > 3000 ? s[..3000] : s));

    /// <summary>Header values cannot carry line breaks or NUL on the wire.</summary>
    private static string HeaderSafe(string s) =>
        new([.. Scalar(s.Length > 1000 ? s[..1000] : s).Select(c => c is '\r' or '\n' or '\0' || c > '\u007e' ? '?' : c)]);

    private static async Task<HttpResponseMessage> Send(Victim victim, Probe probe)
    {
        var request = new HttpRequestMessage(new HttpMethod(probe.Route.Method), probe.Path);
        if (probe.Body is not null)
            request.Content = new StringContent(probe.Body, Encoding.UTF8, "application/json");
        if (probe.Route.Path == "/api/orders" && probe.Header is { } key)
            request.Headers.TryAddWithoutValidation("Idempotency-Key", HeaderSafe(key));
        if (probe.Route.Path.EndsWith("webhook", StringComparison.Ordinal) && probe.Header is { } signature)
            request.Headers.TryAddWithoutValidation("Stripe-Signature", HeaderSafe(signature));
        request.Headers.Authorization = probe.Caller switch
        {
            Caller.Customer => new AuthenticationHeaderValue("Bearer", victim.CustomerToken),
            Caller.Admin => new AuthenticationHeaderValue("Bearer", victim.AdminToken),
            Caller.Forged => new AuthenticationHeaderValue("Bearer", HeaderSafe(probe.ForgedToken).Trim() is { Length: > 0 } t ? t : "x"),
            _ => null,
        };
        return await victim.Http.SendAsync(request);
    }

    /// <summary>A customer with an address and a cart line, and a product of their own: the state the probes must not touch.</summary>
    private sealed record Victim(HttpClient Http, string CustomerToken, string AdminToken, string ProductId, string Sku, string AddressId)
    {
        public static async Task<Victim> Create(ApiFactory factory)
        {
            var http = factory.CreateClient();
            var admin = await factory.Admin();
            var sku = $"FUZZ-{Guid.NewGuid():N}"[..24];
            var created = await admin.PostAsJsonAsync("/api/products", new
            {
                name = "Fuzz Lamp",
                category = "lighting",
                variants = new[] { new { sku, name = "Fuzz Lamp", price = new { amount = 1500, currency = "usd" } } },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var productId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/inventory/{sku}", new { onHand = 5 })).StatusCode);

            var user = await http.Register();
            var token = (await http.LoginOk(user.Email, user.Password)).AccessToken;
            var customer = factory.CreateClient().WithToken(token);
            var address = await customer.PostAsJsonAsync("/api/me/addresses", new { fullName = "Fuzz Victim", line1 = "1 Main St", city = "Springfield", postalCode = "12345", country = "US" });
            var addressId = (await address.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("addressId").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 })).StatusCode);
            return new Victim(http, token, admin.DefaultRequestHeaders.Authorization!.Parameter!, productId, sku, addressId);
        }

        /// <summary>The customer's account, cart and orders, the product, its stock and the catalog's size.</summary>
        public async Task<string> Snapshot()
        {
            var parts = new[]
            {
                await Read(CustomerRequest("/api/me")),
                await Read(CustomerRequest("/api/cart")),
                await Read(CustomerRequest("/api/orders?pageSize=100")),
                await Read(new HttpRequestMessage(HttpMethod.Get, $"/api/products/{ProductId}")),
                await Read(AdminRequest($"/api/inventory/{Sku}")),
                await Read(new HttpRequestMessage(HttpMethod.Get, "/api/products?pageSize=1")),
            };
            return string.Join('\n', parts);
        }

        /// <summary>A checkout that a probe got accepted runs on; wait for its end so that it does not move the snapshot later.</summary>
        public async Task SettleCheckout(HttpResponseMessage response, Route route)
        {
            if (route.Path != "/api/orders" || route.Method != "POST")
                return;
            var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
            await ApiClients.Until(
                () => Read(CustomerRequest($"/api/orders/{orderId}")),
                order => !order.Contains("\"Pending\"", StringComparison.Ordinal),
                $"order {orderId} settled");
        }

        private HttpRequestMessage CustomerRequest(string path) =>
            new(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", CustomerToken) } };

        private HttpRequestMessage AdminRequest(string path) =>
            new(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", AdminToken) } };

        private async Task<string> Read(HttpRequestMessage request)
        {
            var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
    }
}
