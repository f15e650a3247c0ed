using System.Net;
using System.Net.Http.Json;
using EShop.Api.Tests.Infrastructure;
using static EShop.Api.Tests.Orders.Checkouts;

namespace EShop.Api.Tests.Orders;

/// <summary>One payment takes at most 99,999,999 minor units (Stripe's cap) and more than nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class MoneyLimitApiTests(ApiFactory factory)
{
    private const long MaxAmount = 99_999_999;

    /// <summary>Asserts a 409 that creates nothing: no order listed, no stock held, the cart as it was.</summary>
    private static async Task<string> RefusedWithoutTrace(HttpResponseMessage response, HttpClient customer, HttpClient admin, string sku, int inCart)
    {
        var problem = await response.AssertProblem(HttpStatusCode.Conflict);
        Assert.Empty(await OrderIds(customer));
        Assert.Equal(0, (await StockOf(admin, sku)).GetProperty("reserved").GetInt32());
        var line = Assert.Single((await CartOf(customer)).GetProperty("items").EnumerateArray());
        Assert.Equal(inCart, line.GetProperty("quantity").GetInt32());
        return problem.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task A_checkout_whose_total_is_over_the_payment_cap_is_refused_and_creates_no_order_reservation_or_charge()
    {
        var (admin, sku, _) = await factory.TwoFreshSkus(10, 0, price: MaxAmount);
        var customer = await factory.Customer();
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 2 })).StatusCode);

        var detail = await RefusedWithoutTrace(await PlaceOrder(customer, Guid.NewGuid().ToString()), customer, admin, sku, inCart: 2);

        Assert.Contains("99999999", detail, StringComparison.Ordinal);
        Assert.Equal(10, (await StockOf(admin, sku)).GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task A_checkout_with_nothing_to_charge_is_refused()
    {
        var (admin, sku, _) = await factory.TwoFreshSkus(10, 0, price: 0);
        var customer = await factory.Customer();
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 3 })).StatusCode);

        var detail = await RefusedWithoutTrace(await PlaceOrder(customer, Guid.NewGuid().ToString()), customer, admin, sku, inCart: 3);

        Assert.Contains("zero", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_item_at_exactly_the_cap_is_charged_in_full()
    {
        var (_, sku, _) = await factory.TwoFreshSkus(10, 0, price: MaxAmount);
        var customer = await factory.Customer();
        await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 });

        var order = await Settled(customer, await Accepted(await PlaceOrder(customer, Guid.NewGuid().ToString())));

        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        Assert.Equal(MaxAmount, order.GetProperty("total").GetProperty("amount").GetInt64());
    }
}
