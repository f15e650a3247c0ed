using System.Net;
using System.Net.Http.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Users;

/// <summary>Oversized credentials are refused by their shape, before any account is looked up or password hashed.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthInputLimitTests(ApiFactory factory)
{
    private static readonly string LongEmail = new string('a', 250) + "@example.com";

    [Fact]
    public async Task A_login_with_an_email_over_254_characters_is_a_400_naming_the_email()
    {
        var response = await factory.CreateClient().Login(LongEmail, "correct-horse-1");

        Assert.Equal(["email"], await response.AssertValidationFields());
    }

    [Fact]
    public async Task A_registration_with_an_email_over_254_characters_is_a_400_naming_the_email()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/register", new { email = LongEmail, password = "correct-horse-1", fullName = "Long Mail" });

        Assert.Equal(["email"], await response.AssertValidationFields());
    }

    [Fact]
    public async Task Logins_with_a_password_over_128_characters_are_400s_that_never_reach_the_account()
    {
        var http = factory.CreateClient();
        var user = await http.Register();

        // Six of them would lock the account if any reached it (five failures in a row lock).
        for (var i = 0; i < 6; i++)
            Assert.Equal(["password"], await (await http.Login(user.Email, new string('p', 129))).AssertValidationFields());

        Assert.Equal(HttpStatusCode.OK, (await http.Login(user.Email, user.Password)).StatusCode);
    }

    [Theory]
    [InlineData("/api/auth/refresh")]
    [InlineData("/api/auth/logout")]
    public async Task A_refresh_token_over_512_characters_is_a_400_naming_it(string route)
    {
        var refreshToken = "rtf_0123456789abcdef0123456789abcdef." + new string('s', 512);

        var response = await factory.CreateClient().PostAsJsonAsync(route, new { refreshToken });

        Assert.Equal(["refreshToken"], await response.AssertValidationFields());
    }
}
