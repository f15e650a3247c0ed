using EShop.Api.Infrastructure;
using EShop.Api.Users;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Catalog;

public static class ProductEndpoints
{
    public static RouteGroupBuilder MapProductEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/products").WithTags("Catalog").ValidateRouteIds();
        group.MapGet("/", List).AllowAnonymous().WithETag()
            .WithDescription("Products matching an optional search text and category, one page at a time (page from 1, pageSize at most 100). Anonymous; each page answers an ETag, and 304 to an If-None-Match naming it.");
        group.MapGet("/{productId}", Get).AllowAnonymous().WithETag()
            .WithDescription("One product with its variants, their prices and images. Anonymous; answers an ETag, and 304 to an If-None-Match naming it.");
        group.MapPost("/", Create).RequireAuthorization(AuthSetup.AdminPolicy).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Adds a product (admin); the shop mints its productId. At least one variant; a sku belongs to exactly " +
                "one product (409 if another product has it).");
        group.MapPut("/{productId}", Update).RequireAuthorization(AuthSetup.AdminPolicy).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Replaces a product (admin). 404 for an unknown product; 409 if one of its skus belongs to another product.");
        return group;
    }

    internal static async Task<Results<Ok<ProductPage>, ValidationProblem>> List(
        IGrainFactory grains, string? search = null, string? category = null, int page = 1, int pageSize = 20)
    {
        var validation = new Validation().Paging(page, pageSize);
        if (search?.Length > 200)
            validation.Add("search", "The search text must be at most 200 characters.");
        if (!validation.IsValid)
            return Problems.Invalid(validation.ToFailure());

        var result = await grains.GetGrain<ICatalogIndexGrain>(ICatalogIndexGrain.Key).Query(new ProductQuery(search, category, page, pageSize));
        return TypedResults.Ok(result);
    }

    internal static async Task<Results<Ok<Product>, ProblemHttpResult>> Get(string productId, IGrainFactory grains) =>
        await grains.GetGrain<IProductGrain>(productId).GetProduct() is { } product
            ? TypedResults.Ok(product)
            : Problems.NotFound($"No product '{Echo.Of(productId)}'.");

    internal static async Task<Results<Created<Product>, ValidationProblem, ProblemHttpResult>> Create(ProductRequest request, IGrainFactory grains)
    {
        var (product, validation) = request.ToProduct(Ids.NewProductId());
        if (!validation.IsValid)
            return Problems.Invalid(validation);

        var result = await grains.GetGrain<IProductGrain>(product.ProductId).Create(product);
        return result.Status switch
        {
            ProductSaveStatus.Saved => TypedResults.Created($"/api/products/{product.ProductId}", result.Product),
            ProductSaveStatus.Invalid => Problems.Invalid(result.Validation!),
            _ => SaveConflict(result),
        };
    }

    internal static async Task<Results<Ok<Product>, ValidationProblem, ProblemHttpResult>> Update(
        string productId, ProductRequest request, IGrainFactory grains)
    {
        if (request.ProductId is { } bodyId && bodyId != productId)
            return Problems.Invalid("productId", "The productId in the body differs from the one in the path.");
        var (product, validation) = request.ToProduct(productId);
        if (!validation.IsValid)
            return Problems.Invalid(validation);

        var result = await grains.GetGrain<IProductGrain>(productId).Update(product);
        return result.Status switch
        {
            ProductSaveStatus.Saved => TypedResults.Ok(result.Product!),
            ProductSaveStatus.Invalid => Problems.Invalid(result.Validation!),
            _ => SaveConflict(result),
        };
    }

    private static ProblemHttpResult SaveConflict(ProductSaveResult result) => result.Status switch
    {
        ProductSaveStatus.NotFound => Problems.NotFound("No such product."),
        ProductSaveStatus.SkuTaken => Problems.Conflict($"The sku '{Echo.Of(result.TakenSku)}' belongs to another product."),
        _ => Problems.Conflict($"The product could not be saved: {result.Status}."),
    };
}
