using System.Net;
using System.Net.Http.Json;
using System.Text;
using EShop.Api.Tests.Infrastructure;
using EShop.Tests.Shared;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EShop.Api.Tests.Users;

[Collection(ApiCollection.Name)]
public sealed class AuthApiTests(ApiFactory factory)
{
    [Fact]
    public async Task Twenty_parallel_registrations_of_one_email_make_exactly_one_account()
    {
        var email = ApiClients.UniqueEmail("race");
        var http = factory.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            http.PostAsJsonAsync("/api/auth/register", new
            {
                email = i % 2 == 0 ? email : email.ToUpperInvariant(),
                password = $"password-{i}",
                fullName = $"Racer {i}",
            })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var winner = Array.IndexOf(responses, responses.Single(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(HttpStatusCode.OK, (await http.Login(email, $"password-{winner}")).StatusCode);
    }

    [Theory]
    [InlineData("not-an-email", "long-enough-1", "email")]
    [InlineData("someone@example.com", "short", "password")]
    public async Task Registration_with_a_bad_email_or_short_password_is_400(string email, string password, string field)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/register", new { email, password, fullName = "X" });
        Assert.Equal([field], await response.AssertValidationFields());
    }

    [Fact]
    public async Task Login_issues_a_short_lived_bearer_token_that_opens_the_profile()
    {
        var http = factory.CreateClient();
        var user = await http.Register();

        var tokens = await http.LoginOk(user.Email.ToUpperInvariant(), user.Password);

        Assert.Equal("Bearer", tokens.TokenType);
        Assert.InRange(tokens.ExpiresIn, 1, 15 * 60);
        var me = await http.WithToken(tokens.AccessToken).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/me");
        Assert.Equal(user.UserId, me.GetProperty("userId").GetString());
        Assert.Equal(["customer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_are_both_401()
    {
        var http = factory.CreateClient();
        var user = await http.Register();

        await (await http.Login(user.Email, "wrong-password")).AssertProblem(HttpStatusCode.Unauthorized);
        await (await http.Login(ApiClients.UniqueEmail("nobody"), "whatever-1")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_rotates_and_reusing_a_rotated_token_revokes_the_family()
    {
        var http = factory.CreateClient();
        var user = await http.Register();
        var first = await http.LoginOk(user.Email, user.Password);

        var second = await Refresh(http, first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var rotated = (await second.Content.ReadFromJsonAsync<Tokens>())!;
        Assert.NotEqual(first.RefreshToken, rotated.RefreshToken);

        await (await Refresh(http, first.RefreshToken)).AssertProblem(HttpStatusCode.Unauthorized);
        await (await Refresh(http, rotated.RefreshToken)).AssertProblem(HttpStatusCode.Unauthorized);

        var otherLogin = await http.LoginOk(user.Email, user.Password);
        Assert.Equal(HttpStatusCode.OK, (await Refresh(http, otherLogin.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task Logout_revokes_the_family()
    {
        var http = factory.CreateClient();
        var user = await http.Register();
        var tokens = await http.LoginOk(user.Email, user.Password);

        var logout = await http.PostAsJsonAsync("/api/auth/logout", new { refreshToken = tokens.RefreshToken });

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await (await Refresh(http, tokens.RefreshToken)).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Five_failures_in_a_row_lock_the_account_until_the_cooling_period_ends()
    {
        var http = factory.CreateClient();
        var user = await http.Register();

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.Login(user.Email, "wrong-password")).StatusCode);

        var locked = await http.Login(user.Email, user.Password);
        await locked.AssertProblem(HttpStatusCode.TooManyRequests);
        var retryAfter = locked.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));

        factory.Time.Advance(retryAfter.Value + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await http.Login(user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_from_one_address_lock_out_that_address_only_so_the_owner_still_logs_in_elsewhere()
    {
        var user = await factory.CreateClient().From(TestClientAddress.NewAddress()).Register();
        var attacker = factory.CreateClient().From(TestClientAddress.NewAddress());
        var owner = factory.CreateClient().From(TestClientAddress.NewAddress());

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.Login(user.Email, "wrong-password")).StatusCode);
        var sixth = await attacker.Login(user.Email, "wrong-password");
        var attackerWithTheRightPassword = await attacker.Login(user.Email, user.Password);
        var ownerLogin = await owner.Login(user.Email, user.Password);

        Assert.InRange(await sixth.AssertRetryLater(HttpStatusCode.TooManyRequests), TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        await attackerWithTheRightPassword.AssertRetryLater(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, ownerLogin.StatusCode);
    }

    [Fact]
    public async Task A_successful_login_resets_the_failure_count()
    {
        var http = factory.CreateClient();
        var user = await http.Register();

        for (var i = 0; i < 4; i++)
            await http.Login(user.Email, "wrong-password");
        await http.LoginOk(user.Email, user.Password);
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.Login(user.Email, "wrong-password")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await http.Login(user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task An_expired_access_token_is_refused()
    {
        var http = factory.CreateClient();
        var user = await http.Register();
        var tokens = await http.LoginOk(user.Email, user.Password);
        http.WithToken(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        factory.Time.Advance(TimeSpan.FromSeconds(tokens.ExpiresIn) + TimeSpan.FromMinutes(1));

        await (await http.GetAsync("/api/me")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_changed_in_its_signature_is_refused_while_the_genuine_one_is_accepted_from_the_cache()
    {
        var http = factory.CreateClient();
        var user = await http.Register();
        var genuine = (await http.LoginOk(user.Email, user.Password)).AccessToken;
        Assert.Equal(HttpStatusCode.OK, (await http.WithToken(genuine).GetAsync("/api/me")).StatusCode);

        // The signature's first character changed (all six of its bits count): same header and claims, a wrong signature.
        var at = genuine.LastIndexOf('.') + 1;
        var tampered = genuine[..at] + (genuine[at] == 'A' ? 'B' : 'A') + genuine[(at + 1)..];

        await (await factory.CreateClient().WithToken(tampered).GetAsync("/api/me")).AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().WithToken(genuine).GetAsync("/api/me")).StatusCode);
    }

    [Theory]
    [InlineData("wrong-issuer", "eshop-api", false)]
    [InlineData("eshop", "wrong-audience", false)]
    [InlineData("eshop", "eshop-api", true)]
    public async Task Tokens_with_a_wrong_issuer_audience_or_key_are_refused(string issuer, string audience, bool otherKey)
    {
        var key = otherKey ? TestSecrets.NewSigningKey() : factory.SigningKey;
        var now = factory.Time.GetUtcNow().UtcDateTime;
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = "usr_admin", ["role"] = new[] { "admin" } },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });

        var response = await factory.CreateClient().WithToken(forged).GetAsync("/api/me");

        await response.AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unsigned_token_is_refused()
    {
        static string Segment(string json) => Base64UrlEncoder.Encode(json);
        var exp = factory.Time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds();
        var unsigned = $"{Segment("""{"alg":"none","typ":"JWT"}""")}.{Segment($$"""{"sub":"usr_admin","iss":"eshop","aud":"eshop-api","exp":{{exp}},"role":["admin"]}""")}.";

        var response = await factory.CreateClient().WithToken(unsigned).GetAsync("/api/me");

        await response.AssertProblem(HttpStatusCode.Unauthorized);
    }

    private static Task<HttpResponseMessage> Refresh(HttpClient http, string refreshToken) =>
        http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
}
