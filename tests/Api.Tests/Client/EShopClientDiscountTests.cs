using System.Net;
using EShop.Api.Tests.Infrastructure;
using EShop.Client;

namespace EShop.Api.Tests.Client;

[Collection(ApiCollection.Name)]
public sealed class EShopClientDiscountTests(ApiFactory factory)
{
    [Fact]
    public async Task An_admin_creates_a_code_a_guest_applies_and_removes_it_and_the_admin_reads_its_counts()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var http = factory.CreateClient();
        using var admin = new EShopClient(http);
        await admin.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, cancellation);
        var code = $"C-{Guid.NewGuid():N}"[..16].ToUpperInvariant();

        var created = await admin.CreateDiscountAsync(new DiscountInput(code, AmountOff: new Money(300, "usd"), MaxRedemptions: 5), cancellation);
        var duplicate = await Assert.ThrowsAsync<EShopApiException>(() => admin.CreateDiscountAsync(new DiscountInput(code, PercentOff: 5), cancellation));

        Assert.Equal((code, 300L, 5), (created.Code, created.AmountOff!.Amount, created.MaxRedemptions));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        using var guestHttp = factory.CreateClient();
        using var guest = new EShopClient(guestHttp);
        await guest.CreateGuestCartAsync(cancellation);
        var cart = await guest.AddToCartAsync(EShopClientTests.Sku, 1, cancellation);
        var applied = await guest.ApplyDiscountAsync(code.ToLowerInvariant(), cancellation);
        Assert.Equal(new AppliedDiscount(code, new Money(300, "usd")), applied.Discount);
        Assert.Equal(cart.Subtotal.Amount - 300, applied.Total.Amount);
        var removed = await guest.RemoveDiscountAsync(cancellation);
        Assert.Null(removed.Discount);
        Assert.Equal(removed.Subtotal, removed.Total);
        var read = await admin.GetDiscountAsync(code, cancellation);
        Assert.Equal((0, 0), (read.Redeemed, read.Reserved));
    }
}
