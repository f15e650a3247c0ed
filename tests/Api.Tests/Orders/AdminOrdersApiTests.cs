using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Orders;

[Collection(ApiCollection.Name)]
public sealed class AdminOrdersApiTests(ApiFactory factory)
{
    private static readonly object Address = new { fullName = "Ann Example", line1 = "1 Main St", city = "Springfield", postalCode = "12345", country = "US" };

    private static async Task<string> StockedSku(HttpClient admin)
    {
        var sku = $"ADM-{Guid.NewGuid():N}"[..24];
        var product = new { name = "Admin Lamp", category = "lighting", variants = new[] { new { sku, name = sku, price = new { amount = 1500, currency = "usd" } } } };
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/products", product)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/inventory/{sku}", new { onHand = 50 })).StatusCode);
        return sku;
    }

    private static async Task<string> Order(HttpClient customer, string sku, string paymentMethodId)
    {
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 })).StatusCode);
        var response = await customer.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
            Content = JsonContent.Create(new { shippingAddress = Address, paymentMethodId }),
        });
        var orderId = await Checkouts.Accepted(response);
        // One checkout per cart at a time: the next order of this customer waits until this one is settled.
        await Checkouts.Settled(customer, orderId);
        return orderId;
    }

    private static async Task<string> UserId(HttpClient customer) =>
        (await customer.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("userId").GetString()!;

    /// <summary>The read model follows the events: poll until it shows what the test expects.</summary>
    private static Task<JsonElement> Eventually(HttpClient admin, string query, Func<JsonElement, bool> condition) =>
        ApiClients.Until(() => admin.GetFromJsonAsync<JsonElement>($"/api/admin/orders?{query}"), condition, $"the expected answer to /api/admin/orders?{query}");

    private static string[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("orderId").GetString()!)];

    [Fact]
    public async Task Operators_filter_every_order_by_status_and_customer_and_page_through_them_newest_first()
    {
        var admin = await factory.Admin();
        var sku = await StockedSku(admin);
        var (ann, bob) = (await factory.Customer(), await factory.Customer());
        var annOrders = new List<string>();
        foreach (var method in new[] { "pm_card_visa", "pm_card_chargeDeclined", "pm_card_visa" })
        {
            annOrders.Add(await Order(ann, sku, method));
            factory.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var bobOrder = await Order(bob, sku, "pm_card_visa");
        var (annId, bobId) = (await UserId(ann), await UserId(bob));

        var all = await Eventually(admin, $"userId={annId}", p => p.GetProperty("items").EnumerateArray().All(i => i.GetProperty("status").GetString() != "Pending") && p.GetProperty("total").GetInt64() == 3);
        Assert.Equal(Enumerable.Reverse(annOrders), Ids(all));
        var failed = await Eventually(admin, $"userId={annId}&status=failed", _ => true);
        Assert.Equal([annOrders[1]], Ids(failed));
        Assert.Equal("payment_declined", failed.GetProperty("items")[0].GetProperty("failureReason").GetString());
        var confirmed = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/orders?userId={annId}&status=Confirmed");
        Assert.Equal([annOrders[2], annOrders[0]], Ids(confirmed));

        var first = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/orders?userId={annId}&page=1&pageSize=2");
        var second = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/orders?userId={annId}&page=2&pageSize=2");
        Assert.Equal((1, 2, 3L), (first.GetProperty("page").GetInt32(), first.GetProperty("pageSize").GetInt32(), first.GetProperty("total").GetInt64()));
        Assert.Equal(Enumerable.Reverse(annOrders), Ids(first).Concat(Ids(second)));
        Assert.Equal([bobOrder], Ids(await Eventually(admin, $"userId={bobId}", p => p.GetProperty("total").GetInt64() == 1)));
        var everyone = await admin.GetFromJsonAsync<JsonElement>("/api/admin/orders?pageSize=100");
        Assert.True(everyone.GetProperty("total").GetInt64() >= 4);
        var beyond = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/orders?userId={annId}&page=50000000&pageSize=100");
        Assert.Empty(Ids(beyond));
        Assert.Equal(3, beyond.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_customer_is_forbidden_and_an_anonymous_caller_unauthorized()
    {
        var customer = await factory.Customer();

        await (await customer.GetAsync("/api/admin/orders")).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/admin/orders")).StatusCode);
    }

    [Theory]
    [InlineData("status=Lost", "status")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task Bad_filters_are_a_400_naming_the_field(string query, string field)
    {
        var admin = await factory.Admin();

        var response = await admin.GetAsync($"/api/admin/orders?{query}");

        Assert.Equal([field], await response.AssertValidationFields());
    }
}
