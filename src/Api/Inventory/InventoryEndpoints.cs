using EShop.Api.Infrastructure;
using EShop.Api.Users;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Inventory;

public sealed record SetStockRequest(int? OnHand);

public static class InventoryEndpoints
{
    public static RouteGroupBuilder MapInventoryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/inventory").WithTags("Inventory").RequireAuthorization(AuthSetup.AdminPolicy).ValidateRouteIds();
        group.MapGet("/{sku}", Get).WithDescription(
            "A sku's stock (admin): units on hand, units reserved by orders being placed, and available = onHand - reserved. " +
            "404 for a sku not in the catalog.");
        group.MapPut("/{sku}", Set).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Sets a sku's units on hand (admin). 409 if onHand is below the units reserved; 400 if negative.");
        return group;
    }

    internal static async Task<Results<Ok<StockLevelView>, ProblemHttpResult>> Get(string sku, IGrainFactory grains) =>
        await IsCatalogSku(sku, grains)
            ? TypedResults.Ok(await grains.GetGrain<IInventoryGrain>(sku).GetStock())
            : UnknownSku(sku);

    internal static async Task<Results<Ok<StockLevelView>, ValidationProblem, ProblemHttpResult>> Set(
        string sku, SetStockRequest request, IGrainFactory grains)
    {
        if (request.OnHand is not { } onHand)
            return Problems.Invalid("onHand", "onHand is required.");
        if (onHand < 0)
            return Problems.Invalid("onHand", "onHand must be zero or more.");
        if (!await IsCatalogSku(sku, grains))
            return UnknownSku(sku);

        var result = await grains.GetGrain<IInventoryGrain>(sku).SetOnHand(onHand);
        return result.Status switch
        {
            SetStockStatus.Updated => TypedResults.Ok(result.Level),
            SetStockStatus.BelowReserved => Problems.Conflict($"onHand {onHand} is below the {result.Level.Reserved} units reserved by orders."),
            _ => Problems.Invalid("onHand", "onHand must be zero or more."),
        };
    }

    private static Task<bool> IsCatalogSku(string sku, IGrainFactory grains) => grains.GetGrain<ICatalogSkusGrain>(0).IsListed(sku);

    private static ProblemHttpResult UnknownSku(string sku) => Problems.NotFound($"No sku '{Echo.Of(sku)}' in the catalog.");
}
