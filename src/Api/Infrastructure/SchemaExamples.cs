using System.Text.Json;
using EShop.Api.Carts;
using EShop.Api.Catalog;
using EShop.Api.Inventory;
using EShop.Api.Orders;
using EShop.Api.Users;
using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EShop.Api.Infrastructure;

/// <summary>
/// One example per main request and response schema: real values of the types the Api binds and answers, written by
/// the Api's own serializer, so an example has the shape the wire has. One shopper's story runs through them (register,
/// log in, add a tee to the cart, check out with pm_card_visa), and the Api tests check each against its schema.
/// </summary>
internal sealed class SchemaExamples : IOpenApiSchemaTransformer
{
    private const string UserId = "usr_7c1e9a4f2b6d4e8a9f3c5d7b1a2e4f60";
    private const string OrderId = "ord_5d2c8e1f4a7b4c9e8d6f3a2b1c0e9d87";
    private const string AddressId = "adr_3b8f1d6c9e2a4f7b8c5d1e3a6f9b2c40";
    private const string Sku = "CLASSIC-TEE-BLACK-M";
    private const string Email = "ada@example.com";
    private const string TraceId = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static readonly DateTimeOffset Placed = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private static readonly Address Home = new(AddressId, "Ada Lovelace", "12 St James's Square", null, "London", "SW1Y 4JH", "GB");

    private static readonly Dictionary<string, string> Black = new() { ["size"] = "M", ["colour"] = "black" };

    private static readonly Product Tee = new(
        "prd_demo_classic-tee", "Classic Tee", "Heavyweight cotton t-shirt with a relaxed fit.", "clothing",
        new Dictionary<string, string> { ["material"] = "cotton" },
        [new ProductVariant(Sku, "Classic Tee black M", Black, Usd(1999), [new("/images/products/prd_demo_classic-tee/CLASSIC-TEE-BLACK-M.svg", "Classic Tee in black")])],
        [new ProductImage("/images/products/prd_demo_classic-tee.svg", "Classic Tee")]);

    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(RegisterRequest)] = new RegisterRequest(Email, "correct-horse-battery", "Ada Lovelace"),
        [typeof(RegisterResponse)] = new RegisterResponse(UserId, Email),
        [typeof(LoginRequest)] = new LoginRequest(Email, "correct-horse-battery"),
        [typeof(TokenResponse)] = new TokenResponse(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfN2MxZTlhNGYyYjZkNGU4YTlmM2M1ZDdiMWEyZTRmNjAiLCJyb2xlIjpbImN1c3RvbWVyIl19.3q9nR0m8l2YtQ4wJb6xV1cZp7sK5dF0gH3jL8uE2aBo",
            "rtf_9e4b2d7a1c6f4b8e9d3a5c7f1b2e4d68.kF3x9QyLm2Vb7Rt1Wc5Zp8Hn4Jd6Sg0Ae2Ui7Oo9Ky3", "Bearer", 900),
        [typeof(AddressRequest)] = new AddressRequest(Home.FullName, Home.Line1, Home.Line2, Home.City, Home.PostalCode, Home.Country),
        [typeof(Address)] = Home,
        [typeof(UserProfile)] = new UserProfile(UserId, Email, "Ada Lovelace", [Roles.Customer], [Home]),
        [typeof(ProductRequest)] = new ProductRequest(
            null, "Canvas Tote", "Heavy cotton canvas tote with an inner pocket.", "home",
            new Dictionary<string, string?> { ["material"] = "cotton canvas" },
            [new VariantRequest("CANVAS-TOTE-NATURAL", "Canvas Tote natural", new Dictionary<string, string?> { ["colour"] = "natural" }, new MoneyRequest(2400, "usd"),
                [new ImageRequest("https://images.example.com/totes/natural.jpg", "Canvas Tote in natural canvas")])],
            [new ImageRequest("https://images.example.com/totes/front.jpg", "Canvas Tote, front view")]),
        [typeof(Product)] = Tee,
        [typeof(SetStockRequest)] = new SetStockRequest(40),
        [typeof(StockLevelView)] = new StockLevelView(Sku, 40, 2),
        [typeof(AddCartItemRequest)] = new AddCartItemRequest(Sku, 2),
        [typeof(SetCartQuantityRequest)] = new SetCartQuantityRequest(3),
        [typeof(Cart)] = new Cart([new CartLine(Sku, Tee.ProductId, "Classic Tee black M", 2, Usd(1999), Usd(3998))], Usd(3998), Usd(3998)),
        [typeof(PlaceOrderRequest)] = new PlaceOrderRequest(null, AddressId, "pm_card_visa"),
        [typeof(OrderAccepted)] = new OrderAccepted(OrderId, OrderStatus.Pending),
        [typeof(Order)] = new Order(
            OrderId, UserId, OrderStatus.Confirmed, [new OrderLine(Sku, "Classic Tee black M", 2, Usd(1999), Usd(3998))], Usd(3998), Home,
            "pi_3PqRsT2eZvKYlo2C1a2b3c4d", null, Placed, Placed.AddSeconds(2),
            [new StatusChange(OrderStatus.Pending, Placed), new StatusChange(OrderStatus.Confirmed, Placed.AddSeconds(2))]),
        [typeof(ProblemDetails)] = new ProblemDetails
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
            Title = "Conflict",
            Status = StatusCodes.Status409Conflict,
            Detail = "The cart is empty.",
            Extensions = { ["traceId"] = TraceId },
        },
        [typeof(HttpValidationProblemDetails)] = new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { ["password"] = [$"The password must be at least {UserRules.MinPasswordLength} characters."] })
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "Validation failed",
            Status = StatusCodes.Status400BadRequest,
            Detail = "Invalid fields: password.",
            Extensions = { ["traceId"] = TraceId },
        },
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Also on a property: a component is made from wherever its type is first met (Cart first appears inside AccountExport).
        if (Examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
            schema.Examples = [JsonSerializer.SerializeToNode(example, context.JsonTypeInfo.Type, context.JsonTypeInfo.Options)!];
        return Task.CompletedTask;
    }

    private static Money Usd(long amount) => new(amount, "usd");
}
