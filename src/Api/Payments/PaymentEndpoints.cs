using System.Text;
using System.Text.Json;
using EShop.Api.Infrastructure;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Payments;
using EShop.Grains.Payments.Stripe;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EShop.Api.Payments;

/// <summary>What the shop did with a verified webhook: <c>applied</c> to the order's payment, or <c>ignored</c>.</summary>
public sealed record StripeWebhookAnswer(string Outcome, string Detail);

public static class PaymentEndpoints
{
    public static RouteGroupBuilder MapPaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/payments").WithTags("Payments").AllowAnonymous();

        // Stripe signs the exact bytes it sends, so the handler reads the raw body instead of binding it.
        var limits = app.ServiceProvider.GetRequiredService<IOptions<RequestLimitsOptions>>().Value;
        group.MapPost("/stripe/webhook", StripeWebhook)
            .Accepts<JsonElement>("application/json")
            .WithBodySizeLimit(limits.MaxWebhookBodySize)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Stripe webhook: payment_intent.succeeded and payment_intent.payment_failed settle the order's payment");
        return group;
    }

    internal static async Task<Results<Ok<StripeWebhookAnswer>, ProblemHttpResult>> StripeWebhook(
        HttpRequest request,
        IOptions<StripeOptions> options,
        ShopClock clock,
        ILogger<StripeWebhooks> logger,
        IGrainFactory grains)
    {
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
            body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);

        var result = new StripeWebhooks(options, clock, logger).Read(body, request.Headers[StripeWebhooks.SignatureHeader].ToString());
        switch (result)
        {
            case { Outcome: StripeWebhookOutcome.Mapped, OrderId: { } orderId, Event: { } gatewayEvent }:
                // Repeats are harmless: the payment grain remembers the event ids it has applied.
                await grains.GetGrain<IPaymentGrain>(orderId).ApplyGatewayEvent(gatewayEvent);
                return TypedResults.Ok(new StripeWebhookAnswer("applied", result.Detail));
            case { Outcome: StripeWebhookOutcome.Ignored }:
                return TypedResults.Ok(new StripeWebhookAnswer("ignored", result.Detail));
            default:
                return TypedResults.Problem(result.Detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid Stripe webhook");
        }
    }
}
