using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;
using EShop.Grains.Abstractions.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Api.Tests.Orders;

[Collection(ApiCollection.Name)]
public sealed class OrderLifecycleApiTests(ApiFactory factory)
{
    private const string Sku = "CUTTING-BOARD-NATURAL";

    private async Task<(HttpClient Customer, HttpClient Admin, string OrderId)> ConfirmedOrder()
    {
        var customer = await factory.Customer();
        await customer.PostAsJsonAsync("/api/cart/items", new { sku = Sku, quantity = 1 });
        var response = await customer.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
            Content = JsonContent.Create(new
            {
                shippingAddress = new { fullName = "A", line1 = "1 Road", city = "Oslo", postalCode = "0150", country = "NO" },
                paymentMethodId = "pm_card_mastercard",
            }),
        });
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await customer.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}")).GetProperty("status").GetString() != "Confirmed")
        {
            Assert.True(DateTime.UtcNow < deadline, "order never confirmed");
            await Task.Delay(20);
        }

        return (customer, await factory.Admin(), orderId);
    }

    private static async Task<string> Status(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    private static async Task<int> OnHand(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/inventory/{Sku}")).GetProperty("onHand").GetInt32();

    [Fact]
    public async Task Cancelling_a_confirmed_order_refunds_it_and_returns_the_stock()
    {
        var (customer, admin, orderId) = await ConfirmedOrder();
        var onHand = await OnHand(admin);

        Assert.Equal("Cancelled", await Status(await customer.PostAsync($"/api/orders/{orderId}/cancel", null)));

        Assert.Equal(onHand + 1, await OnHand(admin));
        var payments = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IPaymentGrain>(orderId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await payments.GetPayment()).Status != PaymentStatus.Refunded)
        {
            Assert.True(DateTime.UtcNow < deadline, "never refunded");
            await Task.Delay(20);
        }

        Assert.Equal("Cancelled", await Status(await customer.PostAsync($"/api/orders/{orderId}/cancel", null)));
        await (await admin.PostAsync($"/api/orders/{orderId}/ship", null)).AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_shipped_order_cannot_be_cancelled_and_is_then_delivered()
    {
        var (customer, admin, orderId) = await ConfirmedOrder();

        await (await admin.PostAsync($"/api/orders/{orderId}/deliver", null)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("Shipped", await Status(await admin.PostAsync($"/api/orders/{orderId}/ship", null)));
        await (await customer.PostAsync($"/api/orders/{orderId}/cancel", null)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("Delivered", await Status(await admin.PostAsync($"/api/orders/{orderId}/deliver", null)));

        var order = await customer.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
        Assert.Equal(["Pending", "Confirmed", "Shipped", "Delivered"], order.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Shipping_an_unknown_order_is_404()
    {
        var admin = await factory.Admin();
        await (await admin.PostAsync("/api/orders/ord_nope/ship", null)).AssertProblem(HttpStatusCode.NotFound);
    }
}
