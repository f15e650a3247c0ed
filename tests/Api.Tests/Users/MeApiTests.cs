using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Users;

[Collection(ApiCollection.Name)]
public sealed class MeApiTests(ApiFactory factory)
{
    private static object Address(string country = "gb") => new
    {
        fullName = "Ada Lovelace",
        line1 = " 12 St James's Square ",
        city = "London",
        postalCode = "SW1Y 4JH",
        country,
    };

    [Fact]
    public async Task Profile_name_can_be_changed()
    {
        var http = await factory.Customer();

        var updated = await http.PutAsJsonAsync("/api/me", new { fullName = "Grace Hopper" });

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("Grace Hopper", me.GetProperty("fullName").GetString());
    }

    [Fact]
    public async Task Addresses_are_added_normalized_listed_and_deleted()
    {
        var http = await factory.Customer();

        var created = await http.PostAsJsonAsync("/api/me/addresses", Address());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var address = await created.Content.ReadFromJsonAsync<JsonElement>();
        var addressId = address.GetProperty("addressId").GetString()!;
        Assert.Equal("GB", address.GetProperty("country").GetString());
        Assert.Equal("12 St James's Square", address.GetProperty("line1").GetString());

        var me = await http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal([addressId], me.GetProperty("addresses").EnumerateArray().Select(a => a.GetProperty("addressId").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/me/addresses/{addressId}")).StatusCode);
        await (await http.DeleteAsync($"/api/me/addresses/{addressId}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("addresses").GetArrayLength());
    }

    [Fact]
    public async Task An_address_with_an_unknown_country_and_no_city_is_refused()
    {
        var http = await factory.Customer();

        var response = await http.PostAsJsonAsync("/api/me/addresses", new { fullName = "A", line1 = "1 Road", postalCode = "1", country = "XX" });

        Assert.Equal(["city", "country"], await response.AssertValidationFields());
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("addresses").GetArrayLength());
    }

    [Fact]
    public async Task One_customer_cannot_delete_another_customers_address()
    {
        var owner = await factory.Customer();
        var other = await factory.Customer();
        var address = await (await owner.PostAsJsonAsync("/api/me/addresses", Address())).Content.ReadFromJsonAsync<JsonElement>();
        var addressId = address.GetProperty("addressId").GetString();

        await (await other.DeleteAsync($"/api/me/addresses/{addressId}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(1, (await owner.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("addresses").GetArrayLength());
    }
}
