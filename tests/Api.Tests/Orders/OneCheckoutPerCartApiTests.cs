using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Orders;
using Microsoft.Extensions.DependencyInjection;
using static EShop.Api.Tests.Orders.Checkouts;

namespace EShop.Api.Tests.Orders;

/// <summary>A cart is checked out once at a time, whatever Idempotency-Keys the client sends.</summary>
[Collection(ApiCollection.Name)]
public sealed class OneCheckoutPerCartApiTests(ApiFactory factory)
{
    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Five_parallel_checkouts_of_one_cart_with_different_keys_make_one_order_and_one_charge()
    {
        var (admin, sku, _) = await factory.TwoFreshSkus(10, 0);
        var customer = await factory.Customer();
        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 })).StatusCode);
        var userId = (await customer.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("userId").GetString();
        var keys = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString()).ToArray();
        // Whichever order wins is held right after reserving its stock, so that it is still Pending when every
        // other checkout reaches the cart, however the five requests are scheduled.
        var holds = keys.Select(key => Grains.GetGrain<IOrderGrain>(CheckoutRequestGrain.OrderIdFor($"{userId}/{key}")).GetGrainId())
            .Select(order => factory.Pauses.AfterCall(order, nameof(IInventoryGrain.Reserve)))
            .ToList();

        var responses = await Task.WhenAll(keys.Select(key => PlaceOrder(customer, key)));

        var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.True(winner >= 0, $"no checkout was accepted: {string.Join(", ", responses.Select(r => r.StatusCode))}");
        var orderId = await Accepted(responses[winner]);
        foreach (var refused in responses.Where((_, i) => i != winner))
        {
            var problem = await refused.AssertProblem(HttpStatusCode.Conflict);
            Assert.True(problem.TryGetProperty("pendingOrderId", out var pending), $"no pendingOrderId in {problem}");
            Assert.Equal(orderId, pending.GetString());
        }

        holds.ForEach(hold => hold.Release());
        // The winning key still answers its order, as a retry of it must.
        Assert.Equal(orderId, await Accepted(await PlaceOrder(customer, keys[winner])));
        Assert.Equal("Confirmed", (await Settled(customer, orderId)).GetProperty("status").GetString());
        Assert.Equal([orderId], await OrderIds(customer));
        var payment = await Grains.GetGrain<IPaymentGrain>(orderId).GetPayment();
        Assert.Equal((PaymentStatus.Succeeded, 1), (payment.Status, payment.Charges));
        Assert.Equal(9, (await StockOf(admin, sku)).GetProperty("onHand").GetInt32());
    }

    [Fact]
    public async Task Once_the_order_has_failed_the_cart_can_be_checked_out_again_with_a_new_key()
    {
        var (_, sku, _) = await factory.TwoFreshSkus(10, 0);
        var customer = await factory.Customer();
        await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 2 });
        var declined = await Accepted(await PlaceOrder(customer, Guid.NewGuid().ToString(), "pm_card_chargeDeclined"));
        Assert.Equal("Failed", (await Settled(customer, declined)).GetProperty("status").GetString());

        var retried = await Accepted(await PlaceOrder(customer, Guid.NewGuid().ToString()));

        Assert.Equal("Confirmed", (await Settled(customer, retried)).GetProperty("status").GetString());
        Assert.Empty((await CartOf(customer)).GetProperty("items").EnumerateArray());
        Assert.Equal([retried, declined], await OrderIds(customer));
    }
}
