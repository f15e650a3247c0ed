using System.Net;
using System.Net.Http.Json;

namespace EShop.Api.Tests.Infrastructure;

[Collection(RateLimitedCollection.Name)]
public sealed class RateLimitApiTests(RateLimitedApiFactory factory)
{
    private static readonly object Address = new { fullName = "Ann Example", line1 = "1 Main St", city = "Springfield", postalCode = "12345", country = "US" };

    private static Task<HttpResponseMessage> Checkout(HttpClient http) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
            Content = JsonContent.Create(new { shippingAddress = Address, paymentMethodId = "pm_card_visa" }),
        });

    [Fact]
    public async Task Auth_requests_over_the_limit_from_one_address_are_429_while_another_address_is_unaffected()
    {
        var busy = factory.CreateClient().From(TestClientAddress.NewAddress());
        var other = factory.CreateClient().From(TestClientAddress.NewAddress());
        var email = ApiClients.UniqueEmail("nobody");

        for (var i = 0; i < RateLimitedApiFactory.AuthPermits; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await busy.Login(email, "whatever-1")).StatusCode);
        var overLogin = await busy.Login(email, "whatever-1");
        var overRegister = await busy.PostAsJsonAsync("/api/auth/register", new { email, password = "long-enough-1", fullName = "X" });
        var elsewhere = await other.Login(email, "whatever-1");

        var retryAfter = await overLogin.AssertRetryLater(HttpStatusCode.TooManyRequests);
        Assert.InRange(retryAfter, TimeSpan.FromMinutes(58), TimeSpan.FromHours(1));
        await overRegister.AssertRetryLater(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Checkouts_are_limited_per_user_not_per_address()
    {
        var shared = TestClientAddress.NewAddress();
        var ann = (await factory.Customer(TestClientAddress.NewAddress())).From(shared);
        var bob = (await factory.Customer(TestClientAddress.NewAddress())).From(shared);

        // An empty cart is refused (409) by checkout itself: those attempts still count.
        for (var i = 0; i < RateLimitedApiFactory.CheckoutPermits; i++)
            Assert.Equal(HttpStatusCode.Conflict, (await Checkout(ann)).StatusCode);
        var over = await Checkout(ann);
        var bobs = await Checkout(bob);

        await over.AssertRetryLater(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.Conflict, bobs.StatusCode);
    }

    [Fact]
    public async Task Cart_writes_are_limited_per_user_and_reading_the_cart_is_not()
    {
        var shared = TestClientAddress.NewAddress();
        var ann = (await factory.Customer(TestClientAddress.NewAddress())).From(shared);
        var bob = (await factory.Customer(TestClientAddress.NewAddress())).From(shared);

        for (var i = 0; i < RateLimitedApiFactory.CartWritePermits; i++)
            Assert.Equal(HttpStatusCode.NoContent, (await ann.DeleteAsync("/api/cart")).StatusCode);
        var overAdd = await ann.PostAsJsonAsync("/api/cart/items", new { sku = "KETTLE-STD", quantity = 1 });
        var overSet = await ann.PutAsJsonAsync("/api/cart/items/KETTLE-STD", new { quantity = 2 });
        var overRemove = await ann.DeleteAsync("/api/cart/items/KETTLE-STD");
        var read = await ann.GetAsync("/api/cart");
        var bobs = await bob.PostAsJsonAsync("/api/cart/items", new { sku = "KETTLE-STD", quantity = 1 });

        await overAdd.AssertRetryLater(HttpStatusCode.TooManyRequests);
        await overSet.AssertRetryLater(HttpStatusCode.TooManyRequests);
        await overRemove.AssertRetryLater(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bobs.StatusCode);
    }

    [Fact]
    public async Task Guest_carts_issued_over_the_limit_from_one_address_are_429_while_another_address_is_unaffected()
    {
        var busy = factory.CreateClient().From(TestClientAddress.NewAddress());
        var other = factory.CreateClient().From(TestClientAddress.NewAddress());

        for (var i = 0; i < RateLimitedApiFactory.GuestCartPermits; i++)
            Assert.Equal(HttpStatusCode.Created, (await busy.PostAsync("/api/carts", null)).StatusCode);
        var over = await busy.PostAsync("/api/carts", null);
        var elsewhere = await other.PostAsync("/api/carts", null);

        await over.AssertRetryLater(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
    }
}
