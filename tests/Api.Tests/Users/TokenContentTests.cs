using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Users;

/// <summary>What an access token carries, and what a well-signed token missing the subject gets.</summary>
[Collection(ApiCollection.Name)]
public sealed class TokenContentTests(ApiFactory factory)
{
    public static TheoryData<string, string> SubjectlessTokens()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in new[] { "/api/me", "/api/cart", "/api/orders", "/api/orders/ord_0123456789" })
        {
            data.Add("none", route);
            data.Add("blank", route);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SubjectlessTokens))]
    public async Task A_signed_token_without_a_subject_is_refused_with_401(string subject, string route)
    {
        var claims = new Dictionary<string, object> { ["role"] = new[] { "customer", "admin" }, ["jti"] = Guid.NewGuid().ToString("N") };
        if (subject == "blank")
            claims["sub"] = "  ";
        using var http = factory.CreateClient().WithToken(TestTokens.Mint(factory, claims));

        var response = await http.GetAsync(route);

        await response.AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Access_tokens_carry_no_email_and_the_profile_still_has_it()
    {
        var http = factory.CreateClient();
        var user = await http.Register();

        var tokens = await http.LoginOk(user.Email, user.Password);
        var profile = await http.WithToken(tokens.AccessToken).GetFromJsonAsync<JsonElement>("/api/me");

        var claims = TestTokens.ClaimTypes(tokens.AccessToken);
        Assert.Contains("sub", claims);
        Assert.DoesNotContain("email", claims);
        Assert.Equal(user.Email, profile.GetProperty("email").GetString());
    }
}
