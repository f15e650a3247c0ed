using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EShop.Api.Tests.Infrastructure;

public sealed record Tokens(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

public sealed record RegisteredUser(string UserId, string Email, string Password);

/// <summary>Ways into the Api that most tests share: a fresh customer, the seeded admin, problem bodies.</summary>
public static class ApiClients
{
    public static string UniqueEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    public static async Task<RegisteredUser> Register(this HttpClient http, string? email = null, string password = "correct-horse-1")
    {
        email ??= UniqueEmail();
        var response = await http.PostAsJsonAsync("/api/auth/register", new { email, password, fullName = "Test User" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new RegisteredUser(body.GetProperty("userId").GetString()!, email, password);
    }

    public static async Task<HttpResponseMessage> Login(this HttpClient http, string email, string password) =>
        await http.PostAsJsonAsync("/api/auth/login", new { email, password });

    public static async Task<Tokens> LoginOk(this HttpClient http, string email, string password)
    {
        var response = await http.Login(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Tokens>())!;
    }

    public static async Task<HttpClient> Customer(this ApiFactory factory)
    {
        var http = factory.CreateClient();
        var user = await http.Register();
        return http.WithToken((await http.LoginOk(user.Email, user.Password)).AccessToken);
    }

    /// <summary>A fresh customer whose requests come from <paramref name="address"/> (registration and login included).</summary>
    public static Task<HttpClient> Customer(this ApiFactory factory, string address)
    {
        var http = factory.CreateClient().From(address);
        return SignedIn(http);

        static async Task<HttpClient> SignedIn(HttpClient http)
        {
            var user = await http.Register();
            return http.WithToken((await http.LoginOk(user.Email, user.Password)).AccessToken);
        }
    }

    /// <summary>Makes the client's requests come from <paramref name="address"/> (see <see cref="TestClientAddress"/>).</summary>
    public static HttpClient From(this HttpClient http, string address)
    {
        http.DefaultRequestHeaders.Remove(TestClientAddress.Header);
        http.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return http;
    }

    public static async Task<HttpClient> Admin(this ApiFactory factory)
    {
        var http = factory.CreateClient();
        return http.WithToken((await http.LoginOk(ApiFactory.AdminEmail, ApiFactory.AdminPassword)).AccessToken);
    }

    public static HttpClient WithToken(this HttpClient http, string accessToken)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    /// <summary>Probes until the answer satisfies <paramref name="done"/>, 30 s at most; never sleeps blindly.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var answer = await probe();
            if (done(answer))
                return answer;
            Assert.True(DateTime.UtcNow < deadline, $"After 30 s, still not {what}: {answer}");
            await Task.Delay(50);
        }
    }

    /// <summary>Asserts an RFC 9457 answer with the status, a traceId, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
        return body;
    }

    /// <summary>Asserts a refusal that tells the client when to come back: the status, a problem body and Retry-After.</summary>
    public static async Task<TimeSpan> AssertRetryLater(this HttpResponseMessage response, HttpStatusCode status)
    {
        await response.AssertProblem(status);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter.Value >= TimeSpan.FromSeconds(1), $"Retry-After {retryAfter} is under a second");
        return retryAfter.Value;
    }

    public static async Task<string[]> AssertValidationFields(this HttpResponseMessage response)
    {
        var body = await response.AssertProblem(HttpStatusCode.BadRequest);
        return [.. body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal)];
    }
}
