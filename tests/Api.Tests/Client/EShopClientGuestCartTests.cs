using System.Net;
using EShop.Api.Tests.Infrastructure;
using EShop.Client;

namespace EShop.Api.Tests.Client;

[Collection(ApiCollection.Name)]
public sealed class EShopClientGuestCartTests(ApiFactory factory)
{
    [Fact]
    public async Task A_guest_shops_with_a_cart_token_and_logging_in_carries_the_cart_into_the_account()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var http = factory.CreateClient();
        using var guest = new EShopClient(http);
        var token = await guest.CreateGuestCartAsync(cancellation);
        Assert.Equal(token, guest.CartToken);
        Assert.Equal([(EShopClientTests.Sku, 2)], (await guest.AddToCartAsync(EShopClientTests.Sku, 2, cancellation)).Items.Select(i => (i.Sku, i.Quantity)));

        var (email, password) = ($"guest-{Guid.NewGuid():N}@example.com", "correct-horse-battery");
        await guest.RegisterAsync(email, password, "Gus Guest", cancellation);
        await guest.LoginAsync(email, password, cancellation);

        Assert.Null(guest.CartToken);
        Assert.Equal([(EShopClientTests.Sku, 2)], (await guest.GetCartAsync(cancellation)).Items.Select(i => (i.Sku, i.Quantity)));
        using var stale = new EShopClient(http);
        stale.UseCartToken(token);
        var refused = await Assert.ThrowsAsync<EShopApiException>(() => stale.GetCartAsync(cancellation));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
    }
}
