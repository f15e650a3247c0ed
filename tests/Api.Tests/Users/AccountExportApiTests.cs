using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;
using static EShop.Api.Tests.Orders.Checkouts;

namespace EShop.Api.Tests.Users;

[Collection(ApiCollection.Name)]
public sealed class AccountExportApiTests(ApiFactory factory)
{
    [Fact]
    public async Task The_export_holds_the_profile_addresses_cart_and_orders_as_an_attachment()
    {
        var (_, sku, other) = await factory.TwoFreshSkus(10, 10);
        var http = await factory.Customer();
        await http.PostAsJsonAsync("/api/me/addresses", Address);
        await http.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 });
        var orderId = await Accepted(await PlaceOrder(http, Guid.NewGuid().ToString()));
        var order = await Settled(http, orderId);
        await http.PostAsJsonAsync("/api/cart/items", new { sku = other, quantity = 3 });
        var me = await http.GetFromJsonAsync<JsonElement>("/api/me");

        var response = await http.GetAsync("/api/me/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var export = await response.Content.ReadFromJsonAsync<JsonElement>();
        var profile = export.GetProperty("profile");
        Assert.Equal((me.GetProperty("userId").GetString(), me.GetProperty("email").GetString()), (profile.GetProperty("userId").GetString(), profile.GetProperty("email").GetString()));
        Assert.Equal("Ann Example", Assert.Single(export.GetProperty("addresses").EnumerateArray()).GetProperty("fullName").GetString());
        var line = Assert.Single(export.GetProperty("cart").GetProperty("items").EnumerateArray());
        Assert.Equal((other, 3), (line.GetProperty("sku").GetString(), line.GetProperty("quantity").GetInt32()));
        var exported = Assert.Single(export.GetProperty("orders").EnumerateArray());
        Assert.Equal((orderId, order.GetProperty("status").GetString()), (exported.GetProperty("orderId").GetString(), exported.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task The_export_needs_a_signed_in_customer() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/me/export")).StatusCode);
}
