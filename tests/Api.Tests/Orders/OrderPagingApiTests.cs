using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;
using static EShop.Api.Tests.Orders.Checkouts;

namespace EShop.Api.Tests.Orders;

/// <summary>GET /api/orders pages a customer's orders, newest first, as GET /api/products pages the catalog.</summary>
[Collection(ApiCollection.Name)]
public sealed class OrderPagingApiTests(ApiFactory factory)
{
    private static string[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()!)];

    private static (int Page, int PageSize, int Total) Paging(JsonElement page) =>
        (page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32(), page.GetProperty("total").GetInt32());

    [Fact]
    public async Task A_customers_orders_come_in_pages_newest_first_with_the_total()
    {
        var (_, sku, _) = await factory.TwoFreshSkus(10, 0);
        var customer = await factory.Customer();
        await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 });
        var placed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            // A declined order leaves the cart as it was, so each checkout orders the same line again.
            var orderId = await Accepted(await PlaceOrder(customer, Guid.NewGuid().ToString(), "pm_card_chargeDeclined"));
            await Settled(customer, orderId);
            placed.Add(orderId);
        }

        var first = await customer.GetFromJsonAsync<JsonElement>("/api/orders?page=1&pageSize=2");
        var second = await customer.GetFromJsonAsync<JsonElement>("/api/orders?page=2&pageSize=2");
        var byDefault = await customer.GetFromJsonAsync<JsonElement>("/api/orders");
        var beyond = await customer.GetFromJsonAsync<JsonElement>("/api/orders?page=7&pageSize=100");

        Assert.Equal((1, 2, 3), Paging(first));
        Assert.Equal([placed[2], placed[1]], Ids(first));
        Assert.Equal((2, 2, 3), Paging(second));
        Assert.Equal([placed[0]], Ids(second));
        Assert.Equal((1, 20, 3), Paging(byDefault));
        Assert.Equal(Enumerable.Reverse(placed), Ids(byDefault));
        Assert.Equal((7, 100, 3), Paging(beyond));
        Assert.Empty(Ids(beyond));
        var summary = first.GetProperty("items")[0];
        Assert.Equal(("Failed", 2500L), (summary.GetProperty("status").GetString(), summary.GetProperty("total").GetProperty("amount").GetInt64()));
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task Bad_paging_is_a_400_naming_the_field(string query, string field)
    {
        var customer = await factory.Customer();

        var response = await customer.GetAsync($"/api/orders?{query}");

        Assert.Equal([field], await response.AssertValidationFields());
    }
}
