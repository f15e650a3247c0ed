using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;
using EShop.Api.Tests.Orders;
using static EShop.Api.Tests.Carts.CartApiTests;
using static EShop.Api.Tests.Discounts.DiscountAdminApiTests;

namespace EShop.Api.Tests.Discounts;

[Collection(ApiCollection.Name)]
public sealed class CartDiscountApiTests(ApiFactory factory)
{
    private static Task<HttpResponseMessage> Apply(HttpClient http, string? code) => http.PostAsJsonAsync("/api/cart/discount", new { code });

    private static (string? Code, long Amount) Discount(JsonElement cart) =>
        (cart.GetProperty("discount").GetProperty("code").GetString(), cart.GetProperty("discount").GetProperty("amount").GetProperty("amount").GetInt64());

    private static long Amount(JsonElement cart, string field) => cart.GetProperty(field).GetProperty("amount").GetInt64();

    private async Task<string> CreateCode(object terms)
    {
        var code = NewCode();
        var body = JsonSerializer.SerializeToNode(terms)!.AsObject();
        body["code"] = code;
        Assert.Equal(HttpStatusCode.Created, (await Create(await factory.Admin(), body)).StatusCode);
        return code.ToUpperInvariant();
    }

    [Fact]
    public async Task A_customer_applies_the_demo_code_and_sees_discount_and_total_then_removes_it()
    {
        var http = await factory.Customer();
        var subtotal = Amount(await Ok(await Add(http, Tee, 3)), "subtotal");

        var applied = await Ok(await Apply(http, " welcome10 "));

        Assert.Equal(("WELCOME10", subtotal / 10), Discount(applied));
        Assert.Equal(subtotal - subtotal / 10, Amount(applied, "total"));
        Assert.Equal(("WELCOME10", subtotal / 10), Discount(await http.GetFromJsonAsync<JsonElement>("/api/cart")));
        var removed = await Ok(await http.DeleteAsync("/api/cart/discount"));
        Assert.False(removed.TryGetProperty("discount", out var none) && none.ValueKind != JsonValueKind.Null);
        Assert.Equal(subtotal, Amount(removed, "total"));
    }

    [Fact]
    public async Task An_unknown_code_is_404_a_code_the_cart_cannot_take_409_and_a_missing_one_400_and_the_cart_keeps_its_code()
    {
        var http = await factory.Customer();
        await Ok(await Add(http, Tee, 1));
        await Ok(await Apply(http, "WELCOME10"));
        var now = factory.Time.GetUtcNow();
        var high = await CreateCode(new { percentOff = 50, minSubtotal = new { amount = 1_000_000, currency = "usd" } });
        var expired = await CreateCode(new { percentOff = 50, validFrom = now.AddDays(-2), validUntil = now.AddDays(-1) });
        var early = await CreateCode(new { percentOff = 50, validFrom = now.AddDays(1) });

        await (await Apply(http, NewCode())).AssertProblem(HttpStatusCode.NotFound);
        var below = await (await Apply(http, high)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Contains("subtotal", below.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("expired", (await (await Apply(http, expired)).AssertProblem(HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await Apply(http, early)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(["code"], await (await Apply(http, null)).AssertValidationFields());
        Assert.Equal(["code"], await (await Apply(http, "no spaces allowed")).AssertValidationFields());

        Assert.Equal("WELCOME10", Discount(await http.GetFromJsonAsync<JsonElement>("/api/cart")).Code);
    }

    [Fact]
    public async Task A_code_used_up_by_a_confirmed_order_is_409_for_the_next_cart()
    {
        var (_, sku, _) = await factory.TwoFreshSkus(onHand: 5, otherOnHand: 0);
        var code = await CreateCode(new { amountOff = new { amount = 500, currency = "usd" }, maxRedemptions = 1 });
        var first = await factory.Customer();
        await Ok(await Add(first, sku, 1));
        Assert.Equal((code, 500), Discount(await Ok(await Apply(first, code))));

        var orderId = await Checkouts.Accepted(await Checkouts.PlaceOrder(first, Guid.NewGuid().ToString()));
        var order = await Checkouts.Settled(first, orderId);

        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        Assert.Equal((code, 500), (order.GetProperty("discount").GetProperty("code").GetString(), order.GetProperty("discount").GetProperty("amount").GetProperty("amount").GetInt64()));
        Assert.Equal(2000, Amount(order, "total"));
        var second = await factory.Customer();
        await Ok(await Add(second, sku, 1));
        var exhausted = await (await Apply(second, code)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Contains("used", exhausted.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_guest_applies_a_code_and_logging_in_carries_it_into_an_account_cart_without_one()
    {
        var guest = factory.CreateClient();
        var token = (await (await guest.PostAsync("/api/carts", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cartToken").GetString()!;
        guest.DefaultRequestHeaders.Add("X-Cart-Token", token);
        await Ok(await Add(guest, Mug, 2));
        Assert.Equal("WELCOME10", Discount(await Ok(await Apply(guest, "welcome10"))).Code);
        var anonymous = factory.CreateClient();
        var user = await anonymous.Register();

        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password, cartToken = token });
        var customer = factory.CreateClient().WithToken((await login.Content.ReadFromJsonAsync<Tokens>())!.AccessToken);

        var cart = await customer.GetFromJsonAsync<JsonElement>("/api/cart");
        Assert.Equal([(Mug, 2)], Lines(cart));
        Assert.Equal("WELCOME10", Discount(cart).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Apply(guest, "WELCOME10")).StatusCode);
    }
}
