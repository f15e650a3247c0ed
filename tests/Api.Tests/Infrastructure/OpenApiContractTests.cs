using System.Text.Json;
using System.Text.Json.Nodes;
using EShop.Tests.Shared;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>
/// docs/openapi.json is the provider contract: the document the Api serves must be exactly the committed one (an
/// intentional change regenerates the file in the same commit: UPDATE_OPENAPI=1 dotnet test --project
/// tests/Api.Tests -- --filter-class "*OpenApiContract*"), and the committed one passes Spectral's OpenAPI rules
/// with no error.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiContractTests(ApiFactory factory)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string Committed => Repository.PathOf("docs/openapi.json");

    [Fact]
    public async Task The_served_document_is_the_committed_contract()
    {
        var served = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!;
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(Committed, served.ToJsonString(Indented) + "\n", TestContext.Current.CancellationToken);

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Committed, TestContext.Current.CancellationToken))!;
        Assert.True(JsonNode.DeepEquals(served, committed),
            "The served OpenAPI document differs from docs/openapi.json. If the change is intended, regenerate the file (UPDATE_OPENAPI=1) and review it as a contract change.");
    }

    [Fact]
    public async Task The_committed_document_covers_every_route_with_its_security_and_problem_answers()
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Committed, TestContext.Current.CancellationToken))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Route: $"{op.Key.ToUpperInvariant()} {path.Key}", Operation: op.Value!)))
            .ToList();
        // Every route the Api maps under /api is in the contract.
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();
        Assert.NotEmpty(mapped);
        Assert.Subset(operations.Select(o => o.Route).ToHashSet(), mapped);
        var cancel = operations.Single(o => o.Route == "POST /api/orders/{orderId}/cancel").Operation;
        Assert.NotNull(cancel["security"]);
        Assert.Contains("401", cancel["responses"]!.AsObject().Select(r => r.Key));
        var ship = operations.Single(o => o.Route == "POST /api/orders/{orderId}/ship").Operation;
        Assert.Contains("403", ship["responses"]!.AsObject().Select(r => r.Key));
        Assert.Null(operations.Single(o => o.Route == "GET /api/products").Operation["security"]);
        // Every error answer is problem details.
        foreach (var (route, operation) in operations)
        {
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5'))
            {
                var content = response!["content"]?.AsObject();
                Assert.True(content is null || content.ContainsKey("application/problem+json"), $"{route} {status} is not problem details");
            }
        }
    }

    [Fact]
    public async Task The_committed_document_passes_spectral_with_no_error()
    {
        // tools/contracts: npm ci there first (.ci/run does).
        var (exitCode, output) = await Repository.RunAsync(Repository.PathOf("tools/contracts/node_modules/.bin/spectral"),
            ["lint", "docs/openapi.json", "--ruleset", "tools/contracts/.spectral.yaml", "--fail-severity", "error", "--format", "text"],
            TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
    }
}
