namespace EShop.Api.Tests.Infrastructure;

/// <summary>
/// The examples in docs/openapi.json are part of the contract: every one is valid against the schema it illustrates
/// (JSON Schema 2020-12 with formats asserted, $refs resolved as the contract check resolves them), and the main request
/// and response schemas each have one.
/// </summary>
public sealed class OpenApiExampleTests
{
    private static readonly HashSet<string> MainSchemas =
    [
        "RegisterRequest", "LoginRequest", "TokenResponse", "AddCartItemRequest", "Cart", "PlaceOrderRequest", "OrderAccepted", "Order",
        "ProductRequest", "Product", "SetStockRequest", "StockLevelView", "ProblemDetails", "HttpValidationProblemDetails",
    ];

    [Fact]
    public void Every_example_in_the_committed_document_is_valid_against_its_schema()
    {
        var problems = OpenApiContract.Committed.ExampleProblems();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_main_request_and_response_schemas_each_have_an_example() =>
        Assert.Subset(OpenApiContract.Committed.SchemasWithExamples().ToHashSet(StringComparer.Ordinal), MainSchemas);

    [Fact]
    public void A_bad_example_is_reported_with_where_it_is_and_what_is_wrong()
    {
        var document = OpenApiContract.Committed.Document.DeepClone();
        document["components"]!["schemas"]!["Cart"]!["examples"]![0]!["subtotal"]!["currency"] = "USD";

        var problems = new OpenApiContract(document).ExampleProblems();

        // Once an example fails, the evaluator also lists the failed branches of oneOfs that passed (Cart's nullable discount).
        Assert.Contains(problems, p => p.StartsWith("/components/schemas/Cart/examples/0 at /subtotal/currency", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.StartsWith("/components/schemas/Cart/examples/0 at ", p, StringComparison.Ordinal));
    }
}
