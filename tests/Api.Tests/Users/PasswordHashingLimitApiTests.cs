using System.Net;
using System.Net.Http.Json;
using EShop.Api.Tests.Infrastructure;
using EShop.Grains.Users;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Api.Tests.Users;

/// <summary>The silo hashes one password at a time with one waiting (see <see cref="RateLimitedApiFactory"/>).</summary>
[Collection(RateLimitedCollection.Name)]
public sealed class PasswordHashingLimitApiTests(RateLimitedApiFactory factory)
{
    [Fact]
    public async Task While_password_hashing_is_saturated_registration_and_login_answer_503_with_Retry_After_and_succeed_afterwards()
    {
        var user = await factory.CreateClient().From(TestClientAddress.NewAddress()).Register();
        var http = factory.CreateClient().From(TestClientAddress.NewAddress());
        var email = ApiClients.UniqueEmail("busy");
        var work = factory.Services.GetRequiredService<PasswordWork>();
        using var release = new ManualResetEventSlim();
        var running = work.TryRunAsync(release.Wait);
        var queued = work.TryRunAsync(release.Wait);

        HttpResponseMessage register, login;
        try
        {
            register = await http.PostAsJsonAsync("/api/auth/register", new { email, password = "long-enough-1", fullName = "X" });
            login = await http.Login(user.Email, user.Password);
        }
        finally
        {
            release.Set();
        }

        Assert.True(await running && await queued);
        Assert.Equal(RateLimitedApiFactory.HashingRetryAfter, await register.AssertRetryLater(HttpStatusCode.ServiceUnavailable));
        Assert.Equal(RateLimitedApiFactory.HashingRetryAfter, await login.AssertRetryLater(HttpStatusCode.ServiceUnavailable));
        // The counter exists from the start at zero; the two refusals above moved it.
        var refused = System.Text.RegularExpressions.Regex.Match(await factory.Client(ApiFactory.ManagementPort).GetStringAsync("/metrics"),
            @"^eshop_users_password_hashing_refused_total\{[^}]*\} (\d+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(refused.Success && long.Parse(refused.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2, refused.Value);
        var again = factory.CreateClient().From(TestClientAddress.NewAddress());
        Assert.Equal(HttpStatusCode.Created, (await again.PostAsJsonAsync("/api/auth/register", new { email, password = "long-enough-1", fullName = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.Login(user.Email, user.Password)).StatusCode);
    }
}
