using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using EShop.Integration.Tests.Recovery;
using EShop.Tests.Shared;

namespace EShop.Integration.Tests.Hosting;

/// <summary>One Production Api process (memory storage, no seeding, a management port) for the tests of this class.</summary>
public sealed class ProductionApiProcess : IAsyncLifetime
{
    private ApiProcess? _api;

    public ApiProcess Api => _api ?? throw new InvalidOperationException("Not started.");

    public int ManagementPort { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var ports = FreePorts.Take(4);
        ManagementPort = ports[3];
        _api = await ApiProcess.StartAsync("production-api", ports[0], new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Orleans__Storage"] = "Memory",
            ["Orleans__SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = ports[2].ToString(CultureInfo.InvariantCulture),
            ["Orleans__ClusterId"] = $"production-process-{Guid.NewGuid():N}",
            ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Seed__Enabled"] = "false",
            ["Payments__Gateway"] = "Simulated",
            ["Management__Port"] = ManagementPort.ToString(CultureInfo.InvariantCulture),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
            await _api.DisposeAsync();
    }
}

/// <summary>
/// The Api as a real Kestrel process in Production: what only real sockets can show, i.e. which port answers
/// /metrics and the dashboard, and the server itself stopping a chunked body over the limit.
/// </summary>
public sealed class ProductionProcessTests(ProductionApiProcess process) : IClassFixture<ProductionApiProcess>
{
    private ApiProcess Api => process.Api;

    private HttpClient Management() =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{process.ManagementPort}"), Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Metrics_answer_on_the_management_port_only()
    {
        using var main = Api.CreateClient();
        using var management = Management();
        var cancellation = TestContext.Current.CancellationToken;

        var onMain = await main.GetAsync("/metrics", cancellation);
        var onManagement = await management.GetAsync("/metrics", cancellation);
        var apiOnManagement = await management.GetAsync("/api/products", cancellation);

        Assert.Equal(HttpStatusCode.NotFound, onMain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onManagement.StatusCode);
        Assert.Contains("# TYPE", await onManagement.Content.ReadAsStringAsync(cancellation), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, apiOnManagement.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await main.GetAsync("/health/ready", cancellation)).StatusCode);
    }

    [Fact]
    public async Task The_orleans_dashboard_answers_on_the_management_port_only()
    {
        using var main = Api.CreateClient();
        using var management = Management();
        var cancellation = TestContext.Current.CancellationToken;

        var onMain = await main.GetAsync("/dashboard/", cancellation);
        var onManagement = await management.GetAsync("/dashboard/", cancellation);

        Assert.Equal(HttpStatusCode.NotFound, onMain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onManagement.StatusCode);
        Assert.Equal("text/html", onManagement.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_64_KB_gets_a_413_problem_whether_its_length_is_declared_or_chunked(bool chunked)
    {
        using var main = Api.CreateClient();
        var json = $$"""{"email":"big@example.com","password":"correct-horse-1","fullName":"{{new string('n', 100_000)}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TransferEncodingChunked = chunked;

        var response = await main.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":413", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
