using EShop.Api.Infrastructure;
using EShop.Grains.Abstractions.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Catalog;

/// <summary>
/// The placeholder pictures the demo catalog points at (<see cref="ProductImageRules.PlaceholderPath"/>). SVG can
/// carry script, so each answer forbids everything but inline style (Content-Security-Policy) and content sniffing.
/// </summary>
public static class ProductImageEndpoints
{
    public const string SvgContentType = "image/svg+xml";

    /// <summary>An hour: the caption follows the product's name, and the ETag makes revalidation cheap.</summary>
    public const string CacheControl = "public, max-age=3600";

    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";

    public static RouteGroupBuilder MapProductImageEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(ProductImageRules.PlaceholderRoute).WithTags("Catalog").AllowAnonymous().ValidateRouteIds();
        group.MapGet("/{productId}.svg", Product).Documented()
            .WithDescription("A generated placeholder picture of a product (SVG with its name). Anonymous; revalidate with If-None-Match.");
        group.MapGet("/{productId}/{sku}.svg", Variant).Documented()
            .WithDescription("A generated placeholder picture of one variant of a product (SVG with both names). Anonymous.");
        return group;
    }

    internal static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> Product(
        string productId, HttpContext context, IGrainFactory grains) =>
        await grains.GetGrain<IProductGrain>(productId).GetProduct() is { } product
            ? Answer(context, PlaceholderSvg.Render(product.ProductId, product.Name))
            : Problems.NotFound("No such product.");

    internal static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> Variant(
        string productId, string sku, HttpContext context, IGrainFactory grains) =>
        await grains.GetGrain<IProductGrain>(productId).GetProduct() is { } product
            && product.Variants.FirstOrDefault(v => v.Sku == sku) is { } variant
            ? Answer(context, PlaceholderSvg.Render($"{product.ProductId}/{variant.Sku}", product.Name, variant.Name))
            : Problems.NotFound("No such product or variant.");

    private static Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> Answer(HttpContext context, byte[] svg)
    {
        var etag = EntityTags.For(svg);
        var headers = context.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = CacheControl;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        return EntityTags.NoneMatchHolds(context.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(svg, SvgContentType);
    }

    private static RouteHandlerBuilder Documented(this RouteHandlerBuilder builder) => builder
        .Produces<string>(StatusCodes.Status200OK, SvgContentType)
        .Produces(StatusCodes.Status304NotModified)
        .AddOpenApiOperationTransformer(static (operation, _, _) =>
        {
            EntityTags.Document(operation, $"{CacheControl}: any cache may keep it for an hour.");
            return Task.CompletedTask;
        });
}
