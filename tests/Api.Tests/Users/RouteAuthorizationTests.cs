using System.Net;
using System.Text;
using EShop.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Api.Tests.Users;

/// <summary>Walks every route the Api maps, so that a route added later is covered without touching this file.</summary>
[Collection(ApiCollection.Name)]
public sealed class RouteAuthorizationTests(ApiFactory factory)
{
    private sealed record Route(string Method, string Path, bool Authenticated, bool Admin)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private IReadOnlyList<Route> Routes()
    {
        var source = factory.Services.GetRequiredService<EndpointDataSource>();
        return
        [
            .. from endpoint in source.Endpoints.OfType<RouteEndpoint>()
               let methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]
               let authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
               let anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
               from method in methods
               select new Route(
                   method,
                   Path(endpoint.RoutePattern.RawText!),
                   authorize.Count > 0 && !anonymous,
                   authorize.Any(a => a.Policy == "admin" || a.Roles?.Contains("admin", StringComparison.Ordinal) == true)),
        ];
    }

    private static string Path(string pattern)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.Split('/'))
            path.Append(segment.StartsWith('{') ? "x-1" : segment).Append('/');
        return "/" + path.ToString().Trim('/');
    }

    [Fact]
    public async Task Every_authenticated_route_answers_401_to_an_anonymous_caller()
    {
        var routes = Routes().Where(r => r.Authenticated).ToList();
        Assert.Contains(routes, r => r.ToString() == "GET /api/me");
        Assert.Contains(routes, r => r.ToString() == "PUT /api/inventory/x-1");

        var http = factory.CreateClient();
        foreach (var route in routes)
        {
            var response = await Send(http, route);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route} answered {(int)response.StatusCode}");
            await response.AssertProblem(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Every_admin_route_answers_403_to_a_customer()
    {
        var routes = Routes().Where(r => r.Admin).ToList();
        Assert.Contains(routes, r => r.ToString() == "POST /api/products");
        Assert.Contains(routes, r => r.ToString() == "PUT /api/products/x-1");
        Assert.Contains(routes, r => r.ToString() == "GET /api/inventory/x-1");

        var customer = await factory.Customer();
        foreach (var route in routes)
        {
            var response = await Send(customer, route);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} answered {(int)response.StatusCode}");
            await response.AssertProblem(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public void Anonymous_routes_are_only_the_public_ones()
    {
        var open = Routes().Where(r => !r.Authenticated).Select(r => r.Path).ToHashSet();
        Assert.All(open, path => Assert.True(
            path.StartsWith("/api/auth/", StringComparison.Ordinal)
            || path.StartsWith("/api/products", StringComparison.Ordinal)
            || path == "/api/payments/stripe/webhook" // authenticated by Stripe's signature instead
            || path == "/api/carts" // issues guest cart tokens, rate-limited per address
            || !path.StartsWith("/api/", StringComparison.Ordinal),
            $"{path} is open to anonymous callers"));
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, Route route) =>
        http.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), route.Path)
        {
            Content = route.Method is "POST" or "PUT" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
        });
}
