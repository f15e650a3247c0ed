using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;
using EShop.Api.Tests.Orders;
using static EShop.Api.Tests.Carts.CartApiTests;

namespace EShop.Api.Tests.Carts;

[Collection(ApiCollection.Name)]
public sealed class GuestCartApiTests(ApiFactory factory)
{
    private async Task<(HttpClient Http, string Token)> Guest()
    {
        var http = factory.CreateClient();
        var response = await http.PostAsync("/api/carts", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cartToken").GetString()!;
        http.DefaultRequestHeaders.Add("X-Cart-Token", token);
        return (http, token);
    }

    private static async Task<HttpResponseMessage> LoginWithCart(HttpClient http, RegisteredUser user, string cartToken) =>
        await http.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password, cartToken });

    [Fact]
    public async Task A_guest_cart_token_is_unguessable_and_new_each_time()
    {
        var (_, one) = await Guest();
        var (_, two) = await Guest();

        Assert.True(one.Length >= 22 && Base64Url.IsValid(one), one);
        Assert.True(Base64Url.DecodeFromChars(one).Length >= 16);
        Assert.NotEqual(one, two);
    }

    [Fact]
    public async Task A_guest_adds_sets_removes_and_reads_a_cart_with_the_token_alone()
    {
        var (guest, _) = await Guest();

        await Ok(await Add(guest, Tee, 2));
        Assert.Equal([(Tee, 2), (Mug, 3)], Lines(await Ok(await guest.PutAsJsonAsync($"/api/cart/items/{Mug}", new { quantity = 3 }))));
        Assert.Equal([(Mug, 3)], Lines(await Ok(await guest.DeleteAsync($"/api/cart/items/{Tee}"))));
        Assert.Equal([(Mug, 3)], Lines(await guest.GetFromJsonAsync<JsonElement>("/api/cart")));
        Assert.Equal(HttpStatusCode.NoContent, (await guest.DeleteAsync("/api/cart")).StatusCode);
        Assert.Empty(Lines(await guest.GetFromJsonAsync<JsonElement>("/api/cart")));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_unknown_cart_token_is_401(string token)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Cart-Token", token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/cart")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Add(http, Tee, 1)).StatusCode);
    }

    [Fact]
    public async Task Login_with_the_cart_token_merges_the_guest_cart_once_and_the_token_stops_working()
    {
        var (guest, token) = await Guest();
        await Ok(await Add(guest, Tee, 60));
        await Ok(await Add(guest, Kettle, 1));
        var anonymous = factory.CreateClient();
        var user = await anonymous.Register();
        var customer = anonymous.WithToken((await anonymous.LoginOk(user.Email, user.Password)).AccessToken);
        await Ok(await Add(customer, Tee, 50));

        Assert.Equal(HttpStatusCode.OK, (await LoginWithCart(factory.CreateClient(), user, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginWithCart(factory.CreateClient(), user, token)).StatusCode);

        Assert.Equal([(Tee, 100), (Kettle, 1)], Lines(await customer.GetFromJsonAsync<JsonElement>("/api/cart")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await guest.GetAsync("/api/cart")).StatusCode);
    }

    [Fact]
    public async Task Checkout_with_a_guest_token_alone_is_401()
    {
        var (guest, _) = await Guest();
        await Ok(await Add(guest, Tee, 1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await Checkouts.PlaceOrder(guest, Guid.NewGuid().ToString())).StatusCode);
    }

    [Fact]
    public async Task A_guest_cart_left_alone_for_the_guest_idle_timeout_answers_401()
    {
        var (guest, _) = await Guest();
        await Ok(await Add(guest, Tee, 1));

        factory.Time.Advance(ApiFactory.GuestIdleTimeout);

        var expired = await ApiClients.Until(() => guest.GetAsync("/api/cart"), r => r.StatusCode == HttpStatusCode.Unauthorized, "401 for the expired guest cart");

        await expired.AssertProblem(HttpStatusCode.Unauthorized);
    }
}
