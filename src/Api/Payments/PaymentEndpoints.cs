using System.Text;
using System.Text.Json;
using EShop.Api.Infrastructure;
using EShop.Grains.Abstractions.Payments;
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
            .WithSummary("Stripe webhook: payment_intent.succeeded and payment_intent.payment_failed settle the order's payment")
            .WithDescription("Stripe calls this with its events. The Stripe-Signature header is verified: an unsigned or badly " +
                "signed call is 400 and has no effect. Answers whether the event was applied to an order's payment or ignored.");
        return group;
    }

    /// <summary>The silo verifies and applies (it holds the webhook secret); the Api only carries the bytes and answers.</summary>
    internal static async Task<Results<Ok<StripeWebhookAnswer>, ProblemHttpResult>> StripeWebhook(HttpRequest request, IGrainFactory grains)
    {
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
            body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);

        var receipt = await grains.GetGrain<IStripeWebhookGrain>(0)
            .Receive(body, request.Headers[IStripeWebhookGrain.SignatureHeader].ToString());
        return receipt.Outcome switch
        {
            WebhookOutcome.Applied => TypedResults.Ok(new StripeWebhookAnswer("applied", receipt.Detail)),
            WebhookOutcome.Ignored => TypedResults.Ok(new StripeWebhookAnswer("ignored", receipt.Detail)),
            _ => TypedResults.Problem(receipt.Detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid Stripe webhook"),
        };
    }
}
