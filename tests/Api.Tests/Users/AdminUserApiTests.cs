using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Users;

/// <summary>GET /api/admin/users?email= and POST /api/admin/users/{userId}/lock|unlock, each audited with the admin's id.</summary>
[Collection(ApiCollection.Name)]
public sealed class AdminUserApiTests(ApiFactory factory)
{
    private static async Task<string> UserIdOf(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("userId").GetString()!;

    [Fact]
    public async Task An_admin_finds_an_account_by_its_email_in_any_case()
    {
        var admin = await factory.Admin();
        var user = await factory.CreateClient().Register();

        var found = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/users?email={Uri.EscapeDataString(user.Email.ToUpperInvariant())}");

        var item = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal((user.UserId, user.Email, "Test User", false),
            (item.GetProperty("userId").GetString(), item.GetProperty("email").GetString(), item.GetProperty("fullName").GetString(), item.GetProperty("locked").GetBoolean()));
        var adminId = await UserIdOf(admin);
        Assert.Contains(factory.Logs.Entries, e => e.EventId.Id == 1204 && e.Message.Contains(adminId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_email_finds_nothing_and_a_missing_one_is_invalid()
    {
        var admin = await factory.Admin();

        var none = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/users?email={ApiClients.UniqueEmail()}");

        Assert.Equal(0, none.GetProperty("items").GetArrayLength());
        Assert.Equal(["email"], await (await admin.GetAsync("/api/admin/users")).AssertValidationFields());
        Assert.Equal(["email"], await (await admin.GetAsync("/api/admin/users?email=not-an-email")).AssertValidationFields());
    }

    [Fact]
    public async Task Only_admins_may_search_or_lock()
    {
        var customer = await factory.Customer();
        var someone = await factory.CreateClient().Register();

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/api/admin/users?email={someone.Email}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsync($"/api/admin/users/{someone.UserId}/lock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync($"/api/admin/users?email={someone.Email}")).StatusCode);
    }

    [Fact]
    public async Task A_locked_account_cannot_log_in_refresh_or_use_its_token_until_unlocked()
    {
        var admin = await factory.Admin();
        var adminId = await UserIdOf(admin);
        var anonymous = factory.CreateClient();
        var user = await anonymous.Register();
        var tokens = await anonymous.LoginOk(user.Email, user.Password);
        var customer = factory.CreateClient().WithToken(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync("/api/me")).StatusCode);

        var locked = await admin.PostAsync($"/api/admin/users/{user.UserId}/lock", null);

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.True((await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("locked").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/users/{user.UserId}/lock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await customer.GetAsync("/api/me")).StatusCode);
        var refused = await (await anonymous.Login(user.Email, user.Password)).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal("Account locked", refused.GetProperty("title").GetString());
        await (await anonymous.Login(user.Email, "wrong-password")).AssertProblem(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized);
        var found = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/users?email={user.Email}");
        Assert.True(found.GetProperty("items")[0].GetProperty("locked").GetBoolean());

        var unlocked = await admin.PostAsync($"/api/admin/users/{user.UserId}/unlock", null);

        Assert.False((await unlocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("locked").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync("/api/me")).StatusCode);
        await anonymous.LoginOk(user.Email, user.Password);
        Assert.Contains(factory.Logs.Entries, e => e.EventId.Id == 1202 && e.Message == $"Admin {adminId} locked account {user.UserId}");
        Assert.Contains(factory.Logs.Entries, e => e.EventId.Id == 1203 && e.Message == $"Admin {adminId} unlocked account {user.UserId}");
    }

    [Fact]
    public async Task Locking_an_unknown_account_is_not_found_and_an_admin_cannot_lock_themselves()
    {
        var admin = await factory.Admin();

        await (await admin.PostAsync($"/api/admin/users/usr_{Guid.NewGuid():N}/lock", null)).AssertProblem(HttpStatusCode.NotFound);
        await (await admin.PostAsync($"/api/admin/users/{await UserIdOf(admin)}/lock", null)).AssertProblem(HttpStatusCode.Conflict);
        await (await admin.PostAsync("/api/admin/users/not-a-user/unlock", null)).AssertProblem(HttpStatusCode.NotFound);
    }
}
