using System.Net;
using EShop.Api.Tests.Infrastructure;
using EShop.Client;

namespace EShop.Api.Tests.Client;

/// <summary>EShopClient.WatchOrderAsync against the real Api: the live order status as a consumer reads it.</summary>
[Collection(ApiCollection.Name)]
public sealed class EShopClientOrderEventsTests(ApiFactory factory)
{
    private static readonly AddressInput Home = new("Ann Example", "1 Main St", null, "Springfield", "12345", "US");

    private static async Task<EShopClient> Customer(HttpClient http)
    {
        var client = new EShopClient(http);
        var (email, password) = ($"client-{Guid.NewGuid():N}@example.com", "correct-horse-battery");
        await client.RegisterAsync(email, password, "Ann Example", TestContext.Current.CancellationToken);
        await client.LoginAsync(email, password, TestContext.Current.CancellationToken);
        return client;
    }

    [Fact]
    public async Task A_customer_watches_an_order_live_and_resumes_after_the_last_event_seen()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var http = factory.CreateClient();
        using var ann = await Customer(http);
        using var bob = await Customer(factory.CreateClient());
        await ann.AddToCartAsync(EShopClientTests.Sku, 1, cancellation);
        var accepted = await ann.PlaceOrderAsync(Home, "pm_card_visa", cancellationToken: cancellation);
        Assert.Equal(OrderStatuses.Confirmed, (await ann.WaitUntilSettledAsync(accepted.OrderId, TimeSpan.FromSeconds(60), cancellationToken: cancellation)).Status);

        OrderEvent? first = null;
        await foreach (var e in ann.WatchOrderAsync(accepted.OrderId, cancellationToken: cancellation))
        {
            first = e;
            break;
        }

        await ann.CancelOrderAsync(accepted.OrderId, cancellation);
        var missed = new List<OrderEvent>();
        await foreach (var e in ann.WatchOrderAsync(accepted.OrderId, first!.Sequence, cancellation))
            missed.Add(e);

        Assert.Equal((2, OrderStatuses.Confirmed), (first.Sequence, first.Order.Status));
        Assert.Equal([(3L, OrderStatuses.Cancelled)], missed.Select(e => (e.Sequence, e.Order.Status)));
        Assert.Equal(3, missed[0].Order.History.Count);
        var refused = await Assert.ThrowsAsync<EShopApiException>(async () =>
        {
            await foreach (var _ in bob.WatchOrderAsync(accepted.OrderId, cancellationToken: cancellation))
                Assert.Fail("another customer's order streamed");
        });
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
    }
}
