namespace EShop.Api.Orders;

public static class OrderEndpoints
{
    public static RouteGroupBuilder MapOrderEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization();
}
