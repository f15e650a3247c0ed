using System.Net;
using EShop.Api.Tests.Infrastructure;
using EShop.Client;

namespace EShop.Api.Tests.Client;

/// <summary>The typed client's account lifecycle calls against the real Api (answers checked against docs/openapi.json).</summary>
[Collection(ApiCollection.Name)]
public sealed class EShopClientAccountTests(ApiFactory factory)
{
    [Fact]
    public async Task A_customer_exports_and_deletes_their_account_and_an_admin_finds_locks_and_unlocks_one()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var http = factory.CreateClient();
        using var ann = new EShopClient(http);
        var (email, password) = ($"client-{Guid.NewGuid():N}@example.com", "correct-horse-battery");
        var registered = await ann.RegisterAsync(email, password, "Ann Example", cancellation);
        await ann.LoginAsync(email, password, cancellation);
        using var adminHttp = factory.CreateClient();
        using var admin = new EShopClient(adminHttp);
        await admin.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, cancellation);

        var export = await ann.ExportAsync(cancellation);
        var found = Assert.Single((await admin.FindUsersAsync(email.ToUpperInvariant(), cancellation)).Items);
        var locked = await admin.LockUserAsync(registered.UserId, cancellation);
        var unlocked = await admin.UnlockUserAsync(registered.UserId, cancellation);

        Assert.Equal((registered.UserId, email, 0), (export.Profile.UserId, export.Profile.Email, export.Orders.Count));
        Assert.Equal(new AdminUser(registered.UserId, email, "Ann Example", false), found);
        Assert.Equal((true, false), (locked.Locked, unlocked.Locked));

        var wrong = await Assert.ThrowsAsync<EShopApiException>(() => ann.DeleteAccountAsync("not-the-password", cancellation));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        await ann.DeleteAccountAsync(password, cancellation);
        Assert.Empty((await admin.FindUsersAsync(email, cancellation)).Items);
    }
}
