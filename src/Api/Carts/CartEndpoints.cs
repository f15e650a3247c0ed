namespace EShop.Api.Carts;

public static class CartEndpoints
{
    public static RouteGroupBuilder MapCartEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/cart").WithTags("Cart").RequireAuthorization();
}
