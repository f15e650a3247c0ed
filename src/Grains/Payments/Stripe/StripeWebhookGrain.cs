using EShop.Grains.Abstractions.Payments;
using Orleans.Concurrency;

namespace EShop.Grains.Payments.Stripe;

/// <summary>Verifies with <see cref="StripeWebhooks"/> and forwards what it maps to the order's payment grain.</summary>
[StatelessWorker]
public sealed class StripeWebhookGrain(StripeWebhooks webhooks, IGrainFactory grains) : Grain, IStripeWebhookGrain
{
    public async Task<WebhookReceipt> Receive(string payload, string? signature)
    {
        var result = webhooks.Read(payload, signature);
        switch (result)
        {
            case { Outcome: StripeWebhookOutcome.Mapped, OrderId: { } orderId, Event: { } gatewayEvent }:
                // Repeats are harmless: the payment grain remembers the event ids it has applied.
                await grains.GetGrain<IPaymentGrain>(orderId).ApplyGatewayEvent(gatewayEvent);
                return new WebhookReceipt(WebhookOutcome.Applied, result.Detail);
            case { Outcome: StripeWebhookOutcome.Ignored }:
                return new WebhookReceipt(WebhookOutcome.Ignored, result.Detail);
            default:
                return new WebhookReceipt(WebhookOutcome.Refused, result.Detail);
        }
    }
}
