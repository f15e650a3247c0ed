namespace EShop.Api.Payments;

public static class PaymentEndpoints
{
    public static RouteGroupBuilder MapPaymentEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/payments").WithTags("Payments").AllowAnonymous();
}
