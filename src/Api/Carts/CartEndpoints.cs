using System.Security.Claims;
using EShop.Api.Infrastructure;
using EShop.Api.Users;
using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Carts;

public sealed record AddCartItemRequest(string? Sku, int? Quantity);

public sealed record SetCartQuantityRequest(int? Quantity);

public sealed record GuestCartResponse(string CartToken);

public static partial class CartEndpoints
{
    public static RouteGroupBuilder MapCartEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/carts", Issue).WithTags("Cart").AllowAnonymous()
            .RequireRateLimiting(RateLimits.GuestCarts).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithDescription($"Opens a guest cart and answers its opaque token: send it as {GuestCartTokens.Header} on the /api/cart " +
                "routes instead of a Bearer token, and as cartToken to POST /api/auth/login to merge the cart into the account's. " +
                "A guest cart expires after a week without a change; checkout needs an account.");

        var group = app.MapGroup("/api/cart").WithTags("Cart")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = AuthSetup.CartSchemes }).ValidateRouteIds();
        group.MapGet("/", Get).WithDescription($"The cart of the signed-in customer (or of the guest whose {GuestCartTokens.Header} this is), priced from the catalog as it is now.");
        group.MapPost("/items", AddItem).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).LimitedAsCartWrite()
            .WithDescription($"Adds units of a sku to the cart, to its line if it has one (a line holds 1-{CartRules.MaxQuantity}). " +
                $"404 for a sku not in the catalog; 400 for a quantity below 1 or above {CartRules.MaxQuantity}.");
        group.MapPut("/items/{sku}", SetQuantity).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).LimitedAsCartWrite()
            .WithDescription("Sets the quantity of a sku's line: 0 removes the line, a sku not yet in the cart is added.");
        group.MapDelete("/items/{sku}", RemoveItem).LimitedAsCartWrite().WithDescription("Removes a sku's line and answers the cart.");
        group.MapDelete("/", Clear).LimitedAsCartWrite().WithDescription("Empties the cart and drops its discount code.");
        group.MapDiscountRoutes();
        return group;
    }

    internal static async Task<Created<GuestCartResponse>> Issue(IGrainFactory grains)
    {
        var token = GuestCartTokens.New();
        await grains.GetGrain<IGuestCartGrain>(GuestCartTokens.KeyOf(token)!).Issue();
        return TypedResults.Created("/api/cart", new GuestCartResponse(token));
    }

    internal static async Task<Results<Ok<Cart>, ProblemHttpResult>> Get(ClaimsPrincipal user, IGrainFactory grains) =>
        user.GuestCartKey() is { } guest
            ? OkOrClosed(await grains.GetGrain<IGuestCartGrain>(guest).GetCart())
            : TypedResults.Ok(await UserCart(user, grains).GetCart());

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

        var (sku, count) = (request.Sku!.Trim(), request.Quantity!.Value);
        return Answer(user.GuestCartKey() is { } guest
            ? await grains.GetGrain<IGuestCartGrain>(guest).AddItem(sku, count)
            : await UserCart(user, grains).AddItem(sku, count));
    }

    internal static async Task<Results<Ok<Cart>, ValidationProblem, ProblemHttpResult>> SetQuantity(
        string sku, SetCartQuantityRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (request.Quantity is not { } quantity)
            return Problems.Invalid("quantity", "'quantity' is required.");
        if (quantity is < 0 or > CartRules.MaxQuantity)
            return Problems.Invalid("quantity", $"The quantity must be between 0 (removes the line) and {CartRules.MaxQuantity}.");

        return Answer(user.GuestCartKey() is { } guest
            ? await grains.GetGrain<IGuestCartGrain>(guest).SetQuantity(sku, quantity)
            : await UserCart(user, grains).SetQuantity(sku, quantity));
    }

    internal static async Task<Results<Ok<Cart>, ProblemHttpResult>> RemoveItem(string sku, ClaimsPrincipal user, IGrainFactory grains) =>
        user.GuestCartKey() is { } guest
            ? OkOrClosed(await grains.GetGrain<IGuestCartGrain>(guest).RemoveItem(sku))
            : TypedResults.Ok(await UserCart(user, grains).RemoveItem(sku));

    internal static async Task<Results<NoContent, ProblemHttpResult>> Clear(ClaimsPrincipal user, IGrainFactory grains)
    {
        if (user.GuestCartKey() is { } guest)
            return await grains.GetGrain<IGuestCartGrain>(guest).Clear() ? TypedResults.NoContent() : Closed();
        await UserCart(user, grains).Clear();
        return TypedResults.NoContent();
    }

    // Writes share one per-user budget; reading the cart is not limited.
    private static RouteHandlerBuilder LimitedAsCartWrite(this RouteHandlerBuilder route) =>
        route.RequireRateLimiting(RateLimits.CartWrites).ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static ICartGrain UserCart(ClaimsPrincipal user, IGrainFactory grains) => grains.GetGrain<ICartGrain>(user.UserId());

    // The token was live when the request was signed in; the cart expired or was merged since.
    private static ProblemHttpResult Closed() => Problems.Unauthorized("The cart token is unknown, expired or already merged.");

    private static Results<Ok<Cart>, ProblemHttpResult> OkOrClosed(Cart? cart) => cart is null ? Closed() : TypedResults.Ok(cart);

    private static Results<Ok<Cart>, ValidationProblem, ProblemHttpResult> Answer(CartChange? change) => change?.Status switch
    {
        null => Closed(),
        CartChangeStatus.Changed => TypedResults.Ok(change!.Cart),
        CartChangeStatus.UnknownSku => Problems.NotFound(change.Detail ?? "No such sku in the catalog."),
        CartChangeStatus.InvalidQuantity => Problems.Invalid("quantity", change.Detail ?? "The quantity is out of range."),
        _ => Problems.Conflict(change.Detail ?? $"The cart cannot take this change: {change.Status}."),
    };
}
