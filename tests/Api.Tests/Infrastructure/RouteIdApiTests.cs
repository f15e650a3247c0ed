using System.Net;
using System.Net.Http.Json;
using EShop.Api.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>Ids no object can have (blank, overlong, control characters) are refused before any grain sees them.</summary>
[Collection(ApiCollection.Name)]
public sealed class RouteIdApiTests(ApiFactory factory)
{
    /// <summary>Escaped as a client would send them: four kinds of whitespace, an overlong id, a C0 control (NUL never reaches routing), a bidi override.</summary>
    private static readonly string[] BadIds = ["%20", "%09", "%C2%A0", "%E3%80%80", new('a', 1000), "a%01b", "%E2%80%AEabc"];

    private static readonly object Product = new
    {
        name = "Id probe",
        category = "testing",
        variants = new[] { new { sku = "ID-PROBE-1", name = "Probe", price = new { amount = 100, currency = "usd" } } },
    };

    private enum Caller { Anonymous, Admin }

    private static readonly (Caller Caller, string Method, string Path, object? Body)[] Routes =
    [
        (Caller.Anonymous, "GET", "/api/products/{0}", null),
        (Caller.Admin, "PUT", "/api/products/{0}", Product),
        (Caller.Admin, "GET", "/api/orders/{0}", null),
        (Caller.Admin, "POST", "/api/orders/{0}/cancel", null),
        (Caller.Admin, "POST", "/api/orders/{0}/ship", null),
        (Caller.Admin, "POST", "/api/orders/{0}/deliver", null),
        (Caller.Admin, "GET", "/api/inventory/{0}", null),
        (Caller.Admin, "PUT", "/api/inventory/{0}", new { onHand = 1 }),
        (Caller.Admin, "PUT", "/api/cart/items/{0}", new { quantity = 1 }),
        (Caller.Admin, "DELETE", "/api/cart/items/{0}", null),
        (Caller.Admin, "GET", "/api/me/addresses/{0}", null),
        (Caller.Admin, "DELETE", "/api/me/addresses/{0}", null),
    ];

    [Fact]
    public async Task Every_id_route_answers_404_problem_details_to_an_impossible_id_and_logs_no_error()
    {
        var clients = new Dictionary<Caller, HttpClient> { [Caller.Anonymous] = factory.CreateClient(), [Caller.Admin] = await factory.Admin() };
        var failures = new List<string>();

        foreach (var (caller, method, path, body) in Routes)
        {
            foreach (var id in BadIds)
            {
                var request = new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, path, id))
                {
                    Content = body is null ? null : JsonContent.Create(body),
                };
                var response = await clients[caller].SendAsync(request);
                var problem = await Check(response);
                if (problem is not null)
                    failures.Add($"{method} {path} with '{id[..Math.Min(id.Length, 12)]}': {problem}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_api_route_with_an_id_in_its_path_checks_each_id()
    {
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Count > 0 && e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(routes, e => e.RoutePattern.RawText == "/api/me/addresses/{addressId}");
        Assert.All(routes, e => Assert.Equal(
            e.RoutePattern.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal),
            (e.Metadata.GetMetadata<RouteIdRules>()?.Parameters.Keys ?? []).Order(StringComparer.Ordinal)));
    }

    /// <summary>What is wrong with the answer, or null: a 404 problem that does not echo the id, and no Error log.</summary>
    private async Task<string?> Check(HttpResponseMessage response)
    {
        var errors = factory.Logs.InTrace(TraceId(response), LogLevel.Error);
        if (errors.Count > 0)
            return $"{(int)response.StatusCode}, logged {errors[0]}";
        if (response.StatusCode != HttpStatusCode.NotFound)
            return $"answered {(int)response.StatusCode}";
        var body = await response.AssertProblem(HttpStatusCode.NotFound);
        return body.GetProperty("detail").GetString()!.Length > 100 ? "the detail echoes the id" : null;
    }

    /// <summary>The request's trace, from the traceparent header every answer carries.</summary>
    private static string TraceId(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("traceparent")).Split('-')[1];

    [Theory]
    [InlineData("A\u0000B")]
    [InlineData("\u202EABC")]
    [InlineData("A B")]
    [InlineData("\u00C4BC")]
    [InlineData("\u3000")]
    public async Task Adding_a_sku_that_cannot_exist_is_a_400_naming_sku(string sku)
    {
        var http = await factory.Customer();

        var response = await http.PostAsJsonAsync("/api/cart/items", new { sku, quantity = 1 });

        Assert.Empty(factory.Logs.InTrace(TraceId(response), LogLevel.Error));
        Assert.Equal(["sku"], await response.AssertValidationFields());
    }

    [Fact]
    public async Task Adding_an_overlong_sku_is_a_400_that_does_not_echo_it()
    {
        var http = await factory.Customer();

        var response = await http.PostAsJsonAsync("/api/cart/items", new { sku = new string('A', 5_000), quantity = 1 });

        Assert.Equal(["sku"], await response.AssertValidationFields());
        Assert.True((await response.Content.ReadAsStringAsync()).Length < 2_000);
    }
}
