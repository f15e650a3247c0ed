using System.Net;
using EShop.Api.Tests.Infrastructure;
using EShop.Client;

namespace EShop.Api.Tests.Client;

/// <summary>
/// The typed client (src/Client) against the real Api: the consumer side of the contract. Every answer it gets is also
/// checked against docs/openapi.json by the test host, so a drift between client, document and Api fails here.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EShopClientTests(ApiFactory factory)
{
    internal const string Sku = "CERAMIC-MUG-BLUE";

    private static readonly AddressInput Home = new("Ann Example", "1 Main St", null, "Springfield", "12345", "US");

    private static async Task<EShopClient> Customer(HttpClient http)
    {
        var client = new EShopClient(http);
        var (email, password) = ($"client-{Guid.NewGuid():N}@example.com", "correct-horse-battery");
        var registered = await client.RegisterAsync(email, password, "Ann Example", TestContext.Current.CancellationToken);
        Assert.Equal(email, registered.Email);
        await client.LoginAsync(email, password, TestContext.Current.CancellationToken);
        return client;
    }

    [Fact]
    public async Task A_customer_browses_checks_out_once_per_key_and_an_admin_ships_and_delivers()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var http = factory.CreateClient();
        using var ann = await Customer(http);

        // Searched, not paged: other tests in this Api add products, and page 1 of everything need not hold the mug.
        var page = await ann.ListProductsAsync(search: "Stoneware Mug", cancellationToken: cancellation);
        var variant = page.Items.SelectMany(p => p.Variants).Single(v => v.Sku == Sku);
        var cart = await ann.AddToCartAsync(Sku, 2, cancellation);
        Assert.Equal(new Money(variant.Price.Amount * 2, variant.Price.Currency), cart.Subtotal);

        var key = Guid.NewGuid().ToString();
        var accepted = await ann.PlaceOrderAsync(Home, "pm_card_visa", key, cancellation);
        Assert.Equal(accepted.OrderId, (await ann.PlaceOrderAsync(Home, "pm_card_visa", key, cancellation)).OrderId);
        var order = await ann.WaitUntilSettledAsync(accepted.OrderId, TimeSpan.FromSeconds(60), cancellationToken: cancellation);
        Assert.Equal(OrderStatuses.Confirmed, order.Status);
        Assert.Equal([(Sku, 2)], order.Items.Select(i => (i.Sku, i.Quantity)));
        Assert.Contains(accepted.OrderId, (await ann.ListOrdersAsync(cancellationToken: cancellation)).Items.Select(o => o.OrderId));

        using var admin = new EShopClient(http);
        await admin.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, cancellation);
        Assert.Equal(OrderStatuses.Shipped, (await admin.ShipOrderAsync(accepted.OrderId, cancellation)).Status);
        Assert.Equal(OrderStatuses.Delivered, (await admin.DeliverOrderAsync(accepted.OrderId, cancellation)).Status);
        Assert.Equal([OrderStatuses.Pending, OrderStatuses.Confirmed, OrderStatuses.Shipped, OrderStatuses.Delivered],
            (await ann.GetOrderAsync(accepted.OrderId, cancellation)).History.Select(h => h.Status));
    }

    [Fact]
    public async Task A_search_answers_only_the_products_that_match_it()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var http = factory.CreateClient();
        using var anonymous = new EShopClient(http);

        var found = await anonymous.ListProductsAsync(search: Sku, cancellationToken: cancellation);

        Assert.Contains(Sku, Assert.Single(found.Items).Variants.Select(v => v.Sku));
        Assert.True((await anonymous.ListProductsAsync(cancellationToken: cancellation)).Total > 1);
    }

    [Fact]
    public async Task An_admin_creates_a_product_stocks_its_sku_and_reads_the_stock_back_and_a_customer_may_not()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var http = factory.CreateClient();
        using var admin = new EShopClient(http);
        await admin.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, cancellation);
        var sku = $"CLIENT-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var lamp = new ProductInput("Client Lamp", "Made by the client tests.", "lighting", new Dictionary<string, string> { ["material"] = "brass" },
            [new VariantInput(sku, "Brass", new Dictionary<string, string>(), new Money(2500, "usd"))]);

        var created = await admin.CreateProductAsync(lamp, cancellation);

        Assert.Equal(("Client Lamp", "lighting"), (created.Name, created.Category));
        Assert.Equal([(sku, new Money(2500, "usd"))], created.Variants.Select(v => (v.Sku, v.Price)));
        Assert.Equal(created.ProductId, (await admin.GetProductAsync(created.ProductId, cancellation)).ProductId);
        Assert.Equal(new StockLevel(sku, 7, 0, 7), await admin.SetStockAsync(sku, 7, cancellation));
        Assert.Equal(new StockLevel(sku, 7, 0, 7), await admin.GetStockAsync(sku, cancellation));
        using var ann = await Customer(http);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<EShopApiException>(() => ann.CreateProductAsync(lamp, cancellation))).Status);
    }

    [Fact]
    public async Task An_access_token_issued_elsewhere_is_sent_on_every_call_but_never_refreshed()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var http = factory.CreateClient();
        using var ann = await Customer(http);
        await ann.AddToCartAsync(Sku, 1, cancellation);
        using var borrowed = new EShopClient(http);

        borrowed.UseAccessToken(ann.Tokens!.AccessToken);

        Assert.Equal([Sku], (await borrowed.GetCartAsync(cancellation)).Items.Select(i => i.Sku));
        Assert.Null(borrowed.Tokens);
        factory.Time.Advance(TimeSpan.FromSeconds(ann.Tokens.ExpiresIn) + TimeSpan.FromMinutes(1));
        var expired = await Assert.ThrowsAsync<EShopApiException>(() => borrowed.GetCartAsync(cancellation));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
    }

    [Fact]
    public async Task An_error_whose_body_is_not_a_problem_still_throws_its_status_and_a_dated_Retry_After()
    {
        using var proxy = new HttpClient(new ProxyBusy()) { BaseAddress = new Uri("http://shop.test") };
        using var client = new EShopClient(proxy);

        var busy = await Assert.ThrowsAsync<EShopApiException>(() => client.ListProductsAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.Status);
        Assert.Null(busy.Problem);
        Assert.InRange(busy.RetryAfter ?? TimeSpan.Zero, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task Errors_arrive_as_problem_details_and_an_expired_access_token_is_refreshed_once()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var http = factory.CreateClient();
        using var bob = await Customer(http);

        var unknown = await Assert.ThrowsAsync<EShopApiException>(() => bob.GetOrderAsync($"ord_{Guid.NewGuid():N}", cancellation));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(404, unknown.Problem?.Status);
        var invalid = await Assert.ThrowsAsync<EShopApiException>(() => bob.AddToCartAsync(Sku, 0, cancellation));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.NotEmpty(invalid.Problem?.Errors ?? new Dictionary<string, string[]>());
        var customerShips = await Assert.ThrowsAsync<EShopApiException>(() => bob.ShipOrderAsync($"ord_{Guid.NewGuid():N}", cancellation));
        Assert.Equal(HttpStatusCode.Forbidden, customerShips.Status);

        var before = bob.Tokens!;
        factory.Time.Advance(TimeSpan.FromSeconds(before.ExpiresIn) + TimeSpan.FromMinutes(1));
        Assert.Empty((await bob.GetCartAsync(cancellation)).Items);
        Assert.NotEqual(before.RefreshToken, bob.Tokens!.RefreshToken);
        Assert.NotEqual(before.AccessToken, bob.Tokens.AccessToken);
    }
}

/// <summary>A proxy in front of the Api that is busy: 503, a JSON body that is no problem, Retry-After as a date.</summary>
internal sealed class ProxyBusy : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("[\"busy\"]", System.Text.Encoding.UTF8, "application/json") };
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(30));
        return Task.FromResult(response);
    }
}

/// <summary>The typed client's Development-only call, against the Api in Development.</summary>
[Collection(DevelopmentApiCollection.Name)]
public sealed class EShopClientDevelopmentTests(DevelopmentApiFactory development)
{
    [Fact]
    public async Task An_admin_makes_customers_whose_access_tokens_can_shop()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var http = development.CreateClient();
        using var admin = new EShopClient(http);
        await admin.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, cancellation);

        var made = await admin.CreateDevCustomersAsync(2, cancellation);

        Assert.Equal(2, made.Select(m => m.UserId).Distinct().Count());
        Assert.All(made, m => Assert.EndsWith("@example.com", m.Email, StringComparison.Ordinal));
        using var customer = new EShopClient(http);
        customer.UseAccessToken(made[1].AccessToken);
        Assert.Equal([(EShopClientTests.Sku, 2)], (await customer.AddToCartAsync(EShopClientTests.Sku, 2, cancellation)).Items.Select(i => (i.Sku, i.Quantity)));
    }
}
