using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Discounts;

[Collection(ApiCollection.Name)]
public sealed class DiscountAdminApiTests(ApiFactory factory)
{
    internal static string NewCode() => $"t-{Guid.NewGuid():N}"[..20];

    internal static Task<HttpResponseMessage> Create(HttpClient admin, object discount) => admin.PostAsJsonAsync("/api/admin/discounts", discount);

    [Fact]
    public async Task An_admin_creates_a_code_reads_it_back_in_upper_case_and_a_second_create_is_409()
    {
        var admin = await factory.Admin();
        var code = NewCode();

        var created = await Create(admin, new { code, percentOff = 15, maxRedemptions = 100, minSubtotal = new { amount = 2000, currency = "USD" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/admin/discounts/{code.ToUpperInvariant()}", created.Headers.Location?.ToString());
        var read = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/discounts/{code}");
        Assert.Equal((code.ToUpperInvariant(), 15, 100, 0, 0), (read.GetProperty("code").GetString(), read.GetProperty("percentOff").GetInt32(),
            read.GetProperty("maxRedemptions").GetInt32(), read.GetProperty("redeemed").GetInt32(), read.GetProperty("reserved").GetInt32()));
        Assert.Equal("usd", read.GetProperty("minSubtotal").GetProperty("currency").GetString());
        var again = await Create(admin, new { code = code.ToUpperInvariant(), amountOff = new { amount = 500, currency = "usd" } });
        await again.AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_unknown_code_is_404()
    {
        var admin = await factory.Admin();

        await (await admin.GetAsync($"/api/admin/discounts/{NewCode()}")).AssertProblem(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/api/admin/discounts/not_a_code")).AssertProblem(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"percentOff":10}""", "code" },
        { """{"code":"ab","percentOff":10}""", "code" },
        { """{"code":"OK-CODE"}""", "amountOff" },
        { """{"code":"OK-CODE","percentOff":10,"amountOff":{"amount":100,"currency":"usd"}}""", "percentOff" },
        { """{"code":"OK-CODE","percentOff":0}""", "percentOff" },
        { """{"code":"OK-CODE","percentOff":101}""", "percentOff" },
        { """{"code":"OK-CODE","amountOff":{"amount":0,"currency":"usd"}}""", "amountOff.amount" },
        { """{"code":"OK-CODE","amountOff":{"amount":100,"currency":"eur"}}""", "amountOff.currency" },
        { """{"code":"OK-CODE","percentOff":10,"maxRedemptions":0}""", "maxRedemptions" },
        { """{"code":"OK-CODE","percentOff":10,"minSubtotal":{"amount":100,"currency":"gbp"}}""", "minSubtotal.currency" },
        { """{"code":"OK-CODE","percentOff":10,"validFrom":"2030-01-02T00:00:00Z","validUntil":"2030-01-01T00:00:00Z"}""", "validUntil" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_terms_are_400_with_the_field_named_and_create_nothing(string body, string field)
    {
        var admin = await factory.Admin();

        var response = await admin.PostAsync("/api/admin/discounts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains(field, await response.AssertValidationFields());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/discounts/OK-CODE")).StatusCode);
    }

    [Fact]
    public async Task A_customer_is_403_and_an_anonymous_caller_401_on_the_admin_routes()
    {
        var customer = await factory.Customer();
        var anonymous = factory.CreateClient();
        var body = new { code = NewCode(), percentOff = 10 };

        await (await Create(customer, body)).AssertProblem(HttpStatusCode.Forbidden);
        await (await customer.GetAsync("/api/admin/discounts/WELCOME10")).AssertProblem(HttpStatusCode.Forbidden);
        await (await Create(anonymous, body)).AssertProblem(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync("/api/admin/discounts/WELCOME10")).AssertProblem(HttpStatusCode.Unauthorized);
    }
}
