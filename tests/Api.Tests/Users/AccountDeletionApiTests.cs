using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Orders;
using Microsoft.Extensions.DependencyInjection;
using static EShop.Api.Tests.Orders.Checkouts;

namespace EShop.Api.Tests.Users;

/// <summary>DELETE /api/me: the account is erased, its tokens stop working, its email is free, its orders keep what bookkeeping needs.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccountDeletionApiTests(ApiFactory factory)
{
    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    internal static Task<HttpResponseMessage> DeleteAccount(HttpClient http, object body) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(body) });

    private async Task<(HttpClient Http, RegisteredUser User, Tokens Tokens)> SignedIn()
    {
        var anonymous = factory.CreateClient();
        var user = await anonymous.Register();
        var tokens = await anonymous.LoginOk(user.Email, user.Password);
        return (factory.CreateClient().WithToken(tokens.AccessToken), user, tokens);
    }

    private static async Task<string> Order(HttpClient http, string sku)
    {
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 })).StatusCode);
        var orderId = await Accepted(await PlaceOrder(http, Guid.NewGuid().ToString()));
        Assert.Equal("Confirmed", (await Settled(http, orderId)).GetProperty("status").GetString());
        return orderId;
    }

    [Fact]
    public async Task A_deleted_account_loses_its_tokens_and_data_and_its_email_registers_again_as_a_new_account()
    {
        var (admin, sku, _) = await factory.TwoFreshSkus(10, 0);
        var (http, user, tokens) = await SignedIn();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/me/addresses", Address)).StatusCode);
        var shipped = await Order(http, sku);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/orders/{shipped}/ship", null)).StatusCode);
        var unshipped = await Order(http, sku);
        await http.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 2 });

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAccount(http, new { password = user.Password })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/me")).StatusCode);
        await (await factory.CreateClient().Login(user.Email, user.Password)).AssertProblem(HttpStatusCode.Unauthorized);
        await (await factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken }))
            .AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Contains(factory.Logs.Entries, e => e.EventId.Id == 1201 && e.Message.Contains(user.UserId, StringComparison.Ordinal));

        var kept = await admin.GetFromJsonAsync<JsonElement>($"/api/orders/{shipped}");
        var erased = await admin.GetFromJsonAsync<JsonElement>($"/api/orders/{unshipped}");
        Assert.Equal(("Shipped", "Ann Example"), (kept.GetProperty("status").GetString(), kept.GetProperty("shippingAddress").GetProperty("fullName").GetString()));
        Assert.Equal("Confirmed", erased.GetProperty("status").GetString());
        Assert.Equal(2500, erased.GetProperty("total").GetProperty("amount").GetInt64());
        var address = erased.GetProperty("shippingAddress");
        Assert.Equal(("[erased]", "[erased]", "US"), (address.GetProperty("fullName").GetString(), address.GetProperty("line1").GetString(), address.GetProperty("country").GetString()));

        var again = await factory.CreateClient().Register(user.Email);
        Assert.NotEqual(user.UserId, again.UserId);
        var fresh = factory.CreateClient().WithToken((await factory.CreateClient().LoginOk(again.Email, again.Password)).AccessToken);
        var export = await fresh.GetFromJsonAsync<JsonElement>("/api/me/export");
        Assert.Equal(again.UserId, export.GetProperty("profile").GetProperty("userId").GetString());
        Assert.Equal(0, export.GetProperty("addresses").GetArrayLength());
        Assert.Equal(0, export.GetProperty("orders").GetArrayLength());
        Assert.Equal(0, export.GetProperty("cart").GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_changes_nothing()
    {
        var (http, user, _) = await SignedIn();

        await (await DeleteAccount(http, new { password = "not-the-password" })).AssertProblem(HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        await factory.CreateClient().LoginOk(user.Email, user.Password);
    }

    [Fact]
    public async Task Deletion_without_a_password_is_invalid()
    {
        var (http, _, _) = await SignedIn();

        Assert.Equal(["password"], await (await DeleteAccount(http, new { })).AssertValidationFields());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_pending_order_holds_deletion_back_until_it_settles()
    {
        var (_, sku, _) = await factory.TwoFreshSkus(10, 0);
        var (http, user, _) = await SignedIn();
        await http.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 });
        var key = Guid.NewGuid().ToString();
        var hold = factory.Pauses.AfterCall(
            Grains.GetGrain<IOrderGrain>(CheckoutRequestGrain.OrderIdFor($"{user.UserId}/{key}")).GetGrainId(), nameof(IInventoryGrain.Reserve));
        var orderId = await Accepted(await PlaceOrder(http, key));

        var refused = await (await DeleteAccount(http, new { password = user.Password })).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(orderId, refused.GetProperty("pendingOrderId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        hold.Release();
        await Settled(http, orderId);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAccount(http, new { password = user.Password })).StatusCode);
    }
}
