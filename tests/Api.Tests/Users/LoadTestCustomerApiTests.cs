using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Users;

/// <summary>The Development-only route that makes load-test customers in bulk; absent in any other environment.</summary>
[Collection(DevelopmentApiCollection.Name)]
public sealed class LoadTestCustomerApiTests(DevelopmentApiFactory development)
{
    [Fact]
    public async Task An_admin_gets_customers_whose_tokens_work_and_who_can_buy()
    {
        var admin = await development.Admin();

        var response = await admin.PostAsJsonAsync("/api/dev/customers", new { count = 3 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var customers = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(3, customers.Count);
        Assert.Equal(3, customers.Select(c => c.GetProperty("userId").GetString()).Distinct().Count());
        var customer = development.CreateClient().WithToken(customers[0].GetProperty("accessToken").GetString()!);
        var me = await customer.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(customers[0].GetProperty("userId").GetString(), me.GetProperty("userId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync("/api/cart")).StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task A_count_out_of_range_is_a_validation_problem(int count)
    {
        var admin = await development.Admin();

        var response = await admin.PostAsJsonAsync("/api/dev/customers", new { count });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("count", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_may_not_make_customers()
    {
        var customer = await development.Customer();

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync("/api/dev/customers", new { count = 1 })).StatusCode);
    }

    [Fact]
    public async Task Outside_Development_the_route_does_not_exist_even_for_an_admin()
    {
        await using var testing = new ApiFactory();
        var admin = await testing.Admin();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/dev/customers", new { count = 1 })).StatusCode);
    }
}
