using System.Net;
using System.Text;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>What a stranger on the public port of a Production Api can and cannot see.</summary>
[Collection(ProductionApiCollection.Name)]
public sealed class ProductionExposureTests(ProductionApiFactory factory)
{
    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar/v1")]
    public async Task The_api_description_and_its_ui_are_not_served(string path)
    {
        var response = await factory.Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_are_not_served_on_the_main_port()
    {
        var response = await factory.Client().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_served_on_the_management_port_and_nothing_else_is()
    {
        await factory.Client().GetAsync("/api/products");
        using var management = factory.Client(ApiFactory.ManagementPort);

        var metrics = await management.GetAsync("/metrics");
        var api = await management.GetAsync("/api/products");

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
    }

    [Fact]
    public async Task Health_stays_on_the_main_port()
    {
        var response = await factory.Client().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Https_forwarded_by_the_trusted_proxy_gets_hsts()
    {
        using var viaProxy = factory.Client(remoteAddress: ProductionApiFactory.TrustedProxy, baseAddress: "http://shop.example.com");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products?pageSize=1");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");

        var response = await viaProxy.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stranger_claiming_https_in_a_forwarded_header_is_not_believed()
    {
        using var stranger = factory.Client(remoteAddress: "203.0.113.9", baseAddress: "http://shop.example.com");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products?pageSize=1");
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await stranger.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_binding_failure_names_the_field_but_not_the_framework_message()
    {
        var body = new StringContent("""{"email": 42, "password": "x"}""", Encoding.UTF8, "application/json");

        var response = await factory.Client().PostAsync("/api/auth/register", body);

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        var detail = problem.GetProperty("detail").GetString();
        Assert.DoesNotContain("RegisterRequest", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("parameter", detail, StringComparison.OrdinalIgnoreCase);
    }
}
