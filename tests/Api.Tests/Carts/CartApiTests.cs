using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Carts;

[Collection(ApiCollection.Name)]
public sealed class CartApiTests(ApiFactory factory)
{
    internal const string Tee = "CLASSIC-TEE-BLACK-M";
    internal const string Kettle = "KETTLE-STD";
    internal const string Mug = "CERAMIC-MUG-BLUE";

    internal static Task<HttpResponseMessage> Add(HttpClient http, string sku, int quantity) =>
        http.PostAsJsonAsync("/api/cart/items", new { sku, quantity });

    internal static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal static IEnumerable<(string? Sku, int Quantity)> Lines(JsonElement cart) =>
        cart.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("sku").GetString(), i.GetProperty("quantity").GetInt32()));

    private static (long Amount, string? Currency) Money(JsonElement money) =>
        (money.GetProperty("amount").GetInt64(), money.GetProperty("currency").GetString());

    [Fact]
    public async Task A_new_cart_is_empty_with_a_zero_dollar_subtotal()
    {
        var cart = await (await factory.Customer()).GetFromJsonAsync<JsonElement>("/api/cart");

        Assert.Equal(0, cart.GetProperty("items").GetArrayLength());
        Assert.Equal((0, "usd"), Money(cart.GetProperty("subtotal")));
    }

    [Fact]
    public async Task Added_items_come_back_priced_from_the_catalog_in_the_contract_shape()
    {
        var http = await factory.Customer();

        await Add(http, Tee, 2);
        await Add(http, Kettle, 1);
        var cart = await Ok(await Add(http, Tee, 1));

        Assert.Equal(["items", "subtotal", "total", "discount"], cart.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, cart.GetProperty("discount").ValueKind);
        var tee = cart.GetProperty("items")[0];
        Assert.Equal(["sku", "productId", "name", "quantity", "unitPrice", "lineTotal"], tee.EnumerateObject().Select(p => p.Name));
        Assert.Equal((Tee, "prd_demo_classic-tee", "Classic Tee black M", 3), (
            tee.GetProperty("sku").GetString(), tee.GetProperty("productId").GetString(), tee.GetProperty("name").GetString(), tee.GetProperty("quantity").GetInt32()));
        Assert.Equal((1999, "usd"), Money(tee.GetProperty("unitPrice")));
        Assert.Equal((5997, "usd"), Money(tee.GetProperty("lineTotal")));
        Assert.Equal([(Tee, 3), (Kettle, 1)], Lines(cart));
        Assert.Equal((5997 + 5900, "usd"), Money(cart.GetProperty("subtotal")));
        Assert.Equal((5997 + 5900, "usd"), Money(cart.GetProperty("total")));
        Assert.Equal(cart.ToString(), (await http.GetFromJsonAsync<JsonElement>("/api/cart")).ToString());
    }

    [Fact]
    public async Task Put_sets_a_quantity_adds_a_missing_line_and_zero_removes_it()
    {
        var http = await factory.Customer();
        await Add(http, Tee, 5);

        Assert.Equal([(Tee, 2)], Lines(await Ok(await http.PutAsJsonAsync($"/api/cart/items/{Tee}", new { quantity = 2 }))));
        Assert.Equal([(Tee, 2), (Mug, 4)], Lines(await Ok(await http.PutAsJsonAsync($"/api/cart/items/{Mug}", new { quantity = 4 }))));
        Assert.Equal([(Mug, 4)], Lines(await Ok(await http.PutAsJsonAsync($"/api/cart/items/{Tee}", new { quantity = 0 }))));
    }

    [Fact]
    public async Task Delete_of_an_item_answers_the_cart_and_is_idempotent()
    {
        var http = await factory.Customer();
        await Add(http, Tee, 1);
        await Add(http, Mug, 2);

        var once = await Ok(await http.DeleteAsync($"/api/cart/items/{Tee}"));
        var twice = await Ok(await http.DeleteAsync($"/api/cart/items/{Tee}"));

        Assert.Equal([(Mug, 2)], Lines(once));
        Assert.Equal(once.ToString(), twice.ToString());
        Assert.Equal([(Mug, 2)], Lines(await Ok(await http.DeleteAsync("/api/cart/items/NEVER-ADDED"))));
    }

    [Fact]
    public async Task Delete_of_the_cart_empties_it_with_204()
    {
        var http = await factory.Customer();
        await Add(http, Tee, 1);

        var cleared = await http.DeleteAsync("/api/cart");

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/cart")).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/cart")).StatusCode);
    }

    [Fact]
    public async Task A_cart_belongs_to_its_user()
    {
        var alice = await factory.Customer();
        var bob = await factory.Customer();

        await Add(alice, Kettle, 2);

        Assert.Equal(0, (await bob.GetFromJsonAsync<JsonElement>("/api/cart")).GetProperty("items").GetArrayLength());
        await Ok(await bob.DeleteAsync($"/api/cart/items/{Kettle}"));
        Assert.Equal([(Kettle, 2)], Lines(await alice.GetFromJsonAsync<JsonElement>("/api/cart")));
    }

    [Fact]
    public async Task Every_cart_route_wants_a_token()
    {
        var anonymous = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/cart")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Add(anonymous, Tee, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"/api/cart/items/{Tee}", new { quantity = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync($"/api/cart/items/{Tee}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync("/api/cart")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.WithToken("not-a-token").GetAsync("/api/cart")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_cart()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.Equal(["delete", "get"], paths.GetProperty("/api/cart").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["post"], paths.GetProperty("/api/cart/items").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["delete", "put"], paths.GetProperty("/api/cart/items/{sku}").EnumerateObject().Select(p => p.Name).Order());
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("Cart", out _));
    }
}
