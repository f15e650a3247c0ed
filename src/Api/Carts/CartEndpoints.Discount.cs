using System.Security.Claims;
using EShop.Api.Infrastructure;
using EShop.Api.Users;
using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Discounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Carts;

public sealed record ApplyDiscountRequest(string? Code);

public static partial class CartEndpoints
{
    private static void MapDiscountRoutes(this RouteGroupBuilder group)
    {
        group.MapPost("/discount", ApplyDiscount).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .LimitedAsCartWrite()
            .WithDescription("Applies a discount code to the cart (one per cart; it replaces another) and answers the cart with discount and total. " +
                "404 for an unknown code; 409 when it is not yet valid, expired, used up, or the cart is below its minimum subtotal. " +
                "The code stays on the cart, is judged again at checkout, and leaves the cart once an order from it is confirmed.");
        group.MapDelete("/discount", RemoveDiscount).LimitedAsCartWrite().WithDescription("Removes the cart's discount code and answers the cart.");
    }

    internal static async Task<Results<Ok<Cart>, ValidationProblem, ProblemHttpResult>> ApplyDiscount(
        ApplyDiscountRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(request.Code))
            return Problems.Invalid("code", "'code' is required.");
        if (DiscountRules.Normalize(request.Code) is not { } code)
            return Problems.Invalid("code", Grains.Abstractions.Common.Ids.DiscountCode.Rule);

        var change = user.GuestCartKey() is { } guest
            ? await grains.GetGrain<IGuestCartGrain>(guest).ApplyDiscount(code)
            : await UserCart(user, grains).ApplyDiscount(code);
        return change switch
        {
            null => Closed(),
            { Refused: null } => TypedResults.Ok(change.Cart),
            { Refused: RedemptionOutcome.Unknown } => Problems.NotFound(change.Detail ?? "No such discount code."),
            _ => Problems.Conflict(change.Detail ?? "The discount code cannot be applied to this cart."),
        };
    }

    internal static async Task<Results<Ok<Cart>, ProblemHttpResult>> RemoveDiscount(ClaimsPrincipal user, IGrainFactory grains) =>
        user.GuestCartKey() is { } guest
            ? OkOrClosed(await grains.GetGrain<IGuestCartGrain>(guest).RemoveDiscount())
            : TypedResults.Ok(await UserCart(user, grains).RemoveDiscount());
}
