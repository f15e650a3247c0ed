using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>Error answers outside Development: useful to a client, useless to a prober, and never larger than the question.</summary>
[Collection(ApiCollection.Name)]
public sealed class ErrorLeakTests(ApiFactory factory)
{
    private static readonly string HugeId = "X" + new string('y', 20_000);

    [Fact]
    public async Task A_query_value_that_does_not_bind_is_not_echoed()
    {
        var response = await factory.CreateClient().GetAsync("/api/products?page=two-pages-please");

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString();
        Assert.DoesNotContain("two-pages-please", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("int page", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_bearer_token_is_not_told_why()
    {
        var forged = TestTokens.Mint(factory, new Dictionary<string, object> { ["sub"] = "usr_forged" }, "some-other-key-0123456789-0123456789-abcdef");
        using var http = factory.CreateClient().WithToken(forged);

        var response = await http.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Null(challenge.Parameter);
    }

    [Fact]
    public async Task An_unknown_product_id_is_quoted_cut_short()
    {
        var response = await factory.CreateClient().GetAsync($"/api/products/{HugeId}");

        await AssertShortNotFound(response);
    }

    [Fact]
    public async Task A_well_formed_but_long_unknown_product_id_is_quoted_cut_to_64_characters()
    {
        var id = "prd_" + new string('y', 96);

        var response = await factory.CreateClient().GetAsync($"/api/products/{id}");

        var detail = (await response.AssertProblem(HttpStatusCode.NotFound)).GetProperty("detail").GetString()!;
        Assert.Contains(id[..64] + "…", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(id[..65], detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_sku_is_quoted_cut_short_by_the_cart()
    {
        using var customer = await factory.Customer();

        var response = await customer.PutAsJsonAsync($"/api/cart/items/{HugeId}", new { quantity = 1 });

        await AssertShortNotFound(response);
    }

    [Fact]
    public async Task An_unknown_sku_is_quoted_cut_short_by_the_inventory()
    {
        using var admin = await factory.Admin();

        var response = await admin.GetAsync($"/api/inventory/{HugeId}");

        await AssertShortNotFound(response);
    }

    [Fact]
    public async Task A_body_over_64_KB_is_refused_with_413_before_it_is_read()
    {
        var response = await factory.CreateClient().PostAsync("/api/auth/register", Registration(fullNameLength: 70_000));

        var problem = await response.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.True((await response.Content.ReadAsStringAsync()).Length < 1024);
        Assert.False(problem.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task A_body_under_64_KB_is_read_and_validated()
    {
        var response = await factory.CreateClient().PostAsync("/api/auth/register", Registration(fullNameLength: 60_000));

        Assert.Equal(["fullName"], await response.AssertValidationFields());
    }

    private static StringContent Registration(int fullNameLength) => new(
        $$"""{"email":"{{ApiClients.UniqueEmail()}}","password":"correct-horse-1","fullName":"{{new string('n', fullNameLength)}}"}""",
        Encoding.UTF8,
        "application/json");

    private static async Task AssertShortNotFound(HttpResponseMessage response)
    {
        var problem = await response.AssertProblem(HttpStatusCode.NotFound);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.DoesNotContain(HugeId[..65], detail, StringComparison.Ordinal);
        var size = (await response.Content.ReadAsStringAsync()).Length;
        Assert.True(size < 1024, $"The answer has {size} characters.");
    }
}
