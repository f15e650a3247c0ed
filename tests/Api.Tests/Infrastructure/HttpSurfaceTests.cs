using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace EShop.Api.Tests.Infrastructure;

[Collection(ApiCollection.Name)]
public sealed class HttpSurfaceTests(ApiFactory factory)
{
    [Fact]
    public async Task An_unknown_route_answers_problem_details_with_a_trace_id_matching_the_traceparent()
    {
        var response = await factory.CreateClient().GetAsync("/api/does-not-exist");

        var problem = await response.AssertProblem(HttpStatusCode.NotFound);
        var traceparent = Assert.Single(response.Headers.GetValues("traceparent"));
        Assert.Equal(traceparent, problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_naming_the_field()
    {
        var body = new StringContent("""{"email": 42, "password": "x"}""", Encoding.UTF8, "application/json");

        var response = await factory.CreateClient().PostAsync("/api/auth/register", body);

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task A_body_that_cannot_be_read_still_answers_with_its_traceparent()
    {
        var body = new StringContent("9223372036854775807", Encoding.UTF8, "application/json");

        var response = await factory.CreateClient().PostAsync("/api/auth/register", body);

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        var traceparent = Assert.Single(response.Headers.GetValues("traceparent"));
        Assert.Equal(traceparent, problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task A_non_numeric_page_is_a_400_problem()
    {
        var response = await factory.CreateClient().GetAsync("/api/products?page=two");
        await response.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_contract()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(
            new HashSet<string> { "/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout", "/api/me", "/api/me/addresses", "/api/products", "/api/products/{productId}", "/api/inventory/{sku}" },
            paths);
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_text_format_on_the_management_port()
    {
        await factory.CreateClient().GetAsync("/api/products");

        using var management = factory.Client(ApiFactory.ManagementPort);
        var metrics = await management.GetStringAsync("/metrics");

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scalar_ui_is_served()
    {
        var response = await factory.CreateClient().GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }
}
