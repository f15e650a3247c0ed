namespace EShop.Grains.Abstractions.Payments;

public enum WebhookOutcome
{
    /// <summary>Verified, and its event was applied to the order's payment (repeats included: they change nothing).</summary>
    Applied,

    /// <summary>Verified, but nothing for the shop to do (another event type, or not one of the shop's payments).</summary>
    Ignored,

    /// <summary>Not verified (no secret configured, no or bad signature, stale, not an event): no effect.</summary>
    Refused,
}

/// <summary>What the shop did with a webhook. A refusal's detail is one of a few fixed sentences: it never echoes why.</summary>
[GenerateSerializer, Immutable, Alias("eshop.webhook-receipt.v1")]
public sealed record WebhookReceipt([property: Id(0)] WebhookOutcome Outcome, [property: Id(1)] string Detail);

/// <summary>
/// Receives Stripe webhooks on a silo, where the webhook secret lives (stateless, any silo: key 0): verifies the
/// signature and applies payment events to the payment of their order.
/// </summary>
[Alias("eshop.IStripeWebhookGrain")]
public interface IStripeWebhookGrain : IGrainWithIntegerKey
{
    /// <summary>The HTTP header Stripe signs a webhook in.</summary>
    const string SignatureHeader = "Stripe-Signature";

    /// <summary>The exact bytes Stripe sent (as UTF-8 text) and the <see cref="SignatureHeader"/> that came with them.</summary>
    [Alias("Receive")]
    Task<WebhookReceipt> Receive(string payload, string? signature);
}
