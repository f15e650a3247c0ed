using System.Security.Claims;
using EShop.Api.Infrastructure;
using EShop.Api.Users;
using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Carts;

public sealed record AddCartItemRequest(string? Sku, int? Quantity);

public sealed record SetCartQuantityRequest(int? Quantity);

public static class CartEndpoints
{
    public static RouteGroupBuilder MapCartEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cart").WithTags("Cart").RequireAuthorization().ValidateRouteIds();
        group.MapGet("/", Get).WithDescription("The signed-in customer's cart, priced from the catalog as it is now.");
        group.MapPost("/items", AddItem).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).LimitedAsCartWrite()
            .WithDescription($"Adds units of a sku to the cart, to its line if it has one (a line holds 1-{CartRules.MaxQuantity}). " +
                $"404 for a sku not in the catalog; 400 for a quantity below 1 or above {CartRules.MaxQuantity}.");
        group.MapPut("/items/{sku}", SetQuantity).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).LimitedAsCartWrite()
            .WithDescription("Sets the quantity of a sku's line: 0 removes the line, a sku not yet in the cart is added.");
        group.MapDelete("/items/{sku}", RemoveItem).LimitedAsCartWrite().WithDescription("Removes a sku's line and answers the cart.");
        group.MapDelete("/", Clear).LimitedAsCartWrite().WithDescription("Empties the cart.");
        return group;
    }

    internal static async Task<Ok<Cart>> Get(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await CartOf(user, grains).GetCart());

    internal static async Task<Results<Ok<Cart>, ValidationProblem, ProblemHttpResult>> AddItem(
        AddCartItemRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation();
        if (string.IsNullOrWhiteSpace(request.Sku))
            validation.Add("sku", "'sku' is required.");
        else if (!Ids.Sku.IsValid(request.Sku.Trim()))
            validation.Add("sku", Ids.Sku.Rule);
        if (request.Quantity is not { } quantity)
            validation.Add("quantity", "'quantity' is required.");
        else if (!CartRules.IsLineQuantity(quantity))
            validation.Add("quantity", $"The quantity must be between 1 and {CartRules.MaxQuantity}.");
        if (!validation.IsValid)
            return Problems.Invalid(validation.ToFailure());

        return Answer(await CartOf(user, grains).AddItem(request.Sku!.Trim(), request.Quantity!.Value));
    }

    internal static async Task<Results<Ok<Cart>, ValidationProblem, ProblemHttpResult>> SetQuantity(
        string sku, SetCartQuantityRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (request.Quantity is not { } quantity)
            return Problems.Invalid("quantity", "'quantity' is required.");
        if (quantity is < 0 or > CartRules.MaxQuantity)
            return Problems.Invalid("quantity", $"The quantity must be between 0 (removes the line) and {CartRules.MaxQuantity}.");

        return Answer(await CartOf(user, grains).SetQuantity(sku, quantity));
    }

    internal static async Task<Ok<Cart>> RemoveItem(string sku, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await CartOf(user, grains).RemoveItem(sku));

    internal static async Task<NoContent> Clear(ClaimsPrincipal user, IGrainFactory grains)
    {
        await CartOf(user, grains).Clear();
        return TypedResults.NoContent();
    }

    // Writes share one per-user budget; reading the cart is not limited.
    private static RouteHandlerBuilder LimitedAsCartWrite(this RouteHandlerBuilder route) =>
        route.RequireRateLimiting(RateLimits.CartWrites).ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static ICartGrain CartOf(ClaimsPrincipal user, IGrainFactory grains) => grains.GetGrain<ICartGrain>(user.UserId());

    private static Results<Ok<Cart>, ValidationProblem, ProblemHttpResult> Answer(CartChange change) => change.Status switch
    {
        CartChangeStatus.Changed => TypedResults.Ok(change.Cart),
        CartChangeStatus.UnknownSku => Problems.NotFound(change.Detail ?? "No such sku in the catalog."),
        CartChangeStatus.InvalidQuantity => Problems.Invalid("quantity", change.Detail ?? "The quantity is out of range."),
        _ => Problems.Conflict(change.Detail ?? $"The cart cannot take this change: {change.Status}."),
    };
}
