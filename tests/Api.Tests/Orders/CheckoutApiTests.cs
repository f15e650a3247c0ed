using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;
using EShop.Grains.Abstractions.Payments;
using Microsoft.Extensions.DependencyInjection;
using static EShop.Api.Tests.Orders.Checkouts;

namespace EShop.Api.Tests.Orders;

[Collection(ApiCollection.Name)]
public sealed class CheckoutApiTests(ApiFactory factory)
{
    [Fact]
    public async Task Checkout_confirms_takes_stock_and_empties_the_cart()
    {
        var (admin, sku, other) = await factory.TwoFreshSkus(10, 10);
        var customer = await factory.Customer();
        await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 2 });
        await customer.PostAsJsonAsync("/api/cart/items", new { sku = other, quantity = 1 });

        var orderId = await Accepted(await PlaceOrder(customer, Guid.NewGuid().ToString()));
        var order = await Settled(customer, orderId);

        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        Assert.Equal(7500, order.GetProperty("total").GetProperty("amount").GetInt64());
        Assert.StartsWith("pi_", order.GetProperty("paymentId").GetString(), StringComparison.Ordinal);
        Assert.Equal("Springfield", order.GetProperty("shippingAddress").GetProperty("city").GetString());
        Assert.Equal(8, (await StockOf(admin, sku)).GetProperty("onHand").GetInt32());
        Assert.Equal(0, (await StockOf(admin, sku)).GetProperty("reserved").GetInt32());
        var cart = await customer.GetFromJsonAsync<JsonElement>("/api/cart");
        Assert.Equal(0, cart.GetProperty("items").GetArrayLength());
        var mine = await customer.GetFromJsonAsync<JsonElement>("/api/orders");
        Assert.Equal([orderId], mine.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()));
    }

    [Fact]
    public async Task A_declined_card_fails_the_order_and_gives_the_stock_back()
    {
        var (admin, sku, _) = await factory.TwoFreshSkus(3, 0);
        var customer = await factory.Customer();
        await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 3 });

        var orderId = await Accepted(await PlaceOrder(customer, "declined", "pm_card_chargeDeclined"));
        var order = await Settled(customer, orderId);

        Assert.Equal(("Failed", "payment_declined"), (order.GetProperty("status").GetString(), order.GetProperty("failureReason").GetString()));
        Assert.Equal(3, (await StockOf(admin, sku)).GetProperty("available").GetInt32());
        var payment = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IPaymentGrain>(orderId).GetPayment();
        Assert.Equal((PaymentStatus.Declined, 0), (payment.Status, payment.Charges));
        Assert.Equal(1, (await customer.GetFromJsonAsync<JsonElement>("/api/cart")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task One_line_out_of_stock_fails_the_order_and_releases_the_other_line()
    {
        var (admin, sku, scarce) = await factory.TwoFreshSkus(5, 1);
        var customer = await factory.Customer();
        await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 2 });
        await customer.PostAsJsonAsync("/api/cart/items", new { sku = scarce, quantity = 2 });

        var order = await Settled(customer, await Accepted(await PlaceOrder(customer, "oos")));

        Assert.Equal(("Failed", "out_of_stock"), (order.GetProperty("status").GetString(), order.GetProperty("failureReason").GetString()));
        var stock = await StockOf(admin, sku);
        Assert.Equal((5, 0, 5), (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("available").GetInt32()));
    }

    [Fact]
    public async Task Twenty_concurrent_checkouts_with_one_key_make_one_order_and_one_charge()
    {
        var (_, sku, _) = await factory.TwoFreshSkus(10, 0);
        var customer = await factory.Customer();
        await customer.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 });
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PlaceOrder(customer, key)));
        var orderIds = await Task.WhenAll(responses.Select(Accepted));

        Assert.Single(orderIds.Distinct());
        await Settled(customer, orderIds[0]);
        var mine = await customer.GetFromJsonAsync<JsonElement>("/api/orders");
        Assert.Equal(1, mine.GetProperty("items").GetArrayLength());
        var payment = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IPaymentGrain>(orderIds[0]).GetPayment();
        Assert.Equal(1, payment.Charges);

        var replay = await PlaceOrder(customer, key);
        Assert.Equal(orderIds[0], await Accepted(replay));
        await (await PlaceOrder(customer, key, "pm_card_mastercard")).AssertProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Checkout_needs_a_key_a_known_payment_method_an_address_and_a_cart()
    {
        var customer = await factory.Customer();
        var noKey = await customer.PostAsJsonAsync("/api/orders", new { shippingAddress = Address, paymentMethodId = "pm_card_visa" });
        Assert.Equal(["Idempotency-Key"], await noKey.AssertValidationFields());
        Assert.Equal(["paymentMethodId"], await (await PlaceOrder(customer, "k", "pm_card_bitcoin")).AssertValidationFields());
        var noAddress = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Headers = { { "Idempotency-Key", "k2" } },
            Content = JsonContent.Create(new { paymentMethodId = "pm_card_visa" }),
        };
        Assert.Equal(["shippingAddress"], await (await customer.SendAsync(noAddress)).AssertValidationFields());
        await (await PlaceOrder(customer, "empty")).AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Another_users_order_does_not_exist_for_you()
    {
        var (_, sku, _) = await factory.TwoFreshSkus(5, 0);
        var owner = await factory.Customer();
        await owner.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 });
        var orderId = await Accepted(await PlaceOrder(owner, "mine"));
        var stranger = await factory.Customer();

        await (await stranger.GetAsync($"/api/orders/{orderId}")).AssertProblem(HttpStatusCode.NotFound);
        await (await stranger.PostAsync($"/api/orders/{orderId}/cancel", null)).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await (await factory.Admin()).GetAsync($"/api/orders/{orderId}")).StatusCode);
    }
}
