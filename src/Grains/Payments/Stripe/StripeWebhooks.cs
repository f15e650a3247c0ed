using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;

namespace EShop.Grains.Payments.Stripe;

public enum StripeWebhookOutcome
{
    /// <summary>A verified event about one of our payments: apply <see cref="StripeWebhookResult.Event"/> to the order's payment.</summary>
    Mapped,

    /// <summary>Verified, but nothing for the shop to do (another event type, or not one of our intents).</summary>
    Ignored,

    /// <summary>Not verified (no secret configured, no or bad signature, stale, not an event): no effect.</summary>
    Refused,
}

public sealed record StripeWebhookResult(StripeWebhookOutcome Outcome, string Detail, string? OrderId = null, GatewayEvent? Event = null);

/// <summary>
/// Verifies Stripe webhooks against the endpoint secret and turns the payment events into <see cref="GatewayEvent"/>s.
/// Refusals are answers, never exceptions, so that a caller can say 400 without leaking anything: a refusal's
/// detail is one of a few fixed sentences, while the reason (Stripe.net's message, the missing setting) goes to the
/// log under its own EventId.
/// </summary>
public sealed partial class StripeWebhooks(IOptions<StripeOptions> options, ShopClock clock, ILogger<StripeWebhooks> logger)
{
    /// <summary>The PaymentIntent metadata key that names the order (set by <see cref="StripePaymentGateway"/>).</summary>
    public const string OrderIdKey = "order_id";

    public const string MissingSignatureDetail = "The Stripe-Signature header is missing.";
    public const string UnverifiedDetail = "The webhook could not be verified.";
    public const string NotAnEventDetail = "The body is not a Stripe event.";

    public StripeWebhookResult Read(string body, string? signature)
    {
        ArgumentNullException.ThrowIfNull(body);
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.WebhookSecret))
        {
            LogNotConfigured(logger, $"{StripeOptions.Section}:{nameof(StripeOptions.WebhookSecret)}");
            return Refused(UnverifiedDetail);
        }

        if (string.IsNullOrWhiteSpace(signature))
        {
            LogUnsigned(logger);
            return Refused(MissingSignatureDetail);
        }

        Event stripeEvent;
        try
        {
            // The shop's clock, not the machine's, judges the timestamp, so tests can make a signature stale.
            stripeEvent = EventUtility.ConstructEvent(
                body,
                signature,
                settings.WebhookSecret,
                (long)settings.WebhookTolerance.TotalSeconds,
                clock.UtcNow.ToUnixTimeSeconds(),
                throwOnApiVersionMismatch: false);
        }
        catch (StripeException ex)
        {
            // Stripe.net says which check failed (no v1 signature, tolerance, mismatch): for operators, not callers.
            LogUnverified(logger, ex.Message);
            return Refused(UnverifiedDetail);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or Newtonsoft.Json.JsonException)
        {
            // Signed by the secret but not an event: nothing Stripe would send.
            LogNotAnEvent(logger, ex.GetType().Name);
            return Refused(NotAnEventDetail);
        }

        return Map(stripeEvent);
    }

    private StripeWebhookResult Map(Event stripeEvent)
    {
        var kind = stripeEvent.Type switch
        {
            EventTypes.PaymentIntentSucceeded => GatewayEventKind.Succeeded,
            EventTypes.PaymentIntentPaymentFailed => GatewayEventKind.Failed,
            _ => (GatewayEventKind?)null,
        };
        if (kind is null)
            return Ignored(stripeEvent, $"Event type {stripeEvent.Type} is not used by the shop.");
        if (stripeEvent.Data?.Object is not PaymentIntent intent)
            return Ignored(stripeEvent, $"Event {stripeEvent.Id} carries no PaymentIntent.");
        if (intent.Metadata?.GetValueOrDefault(OrderIdKey) is not { Length: > 0 } orderId)
            return Ignored(stripeEvent, $"PaymentIntent {intent.Id} has no {OrderIdKey} metadata: not a shop payment.");

        var declineCode = kind == GatewayEventKind.Failed
            ? intent.LastPaymentError?.DeclineCode ?? intent.LastPaymentError?.Code ?? "payment_failed"
            : null;
        var amount = intent.Currency is { Length: > 0 } currency ? new Money(intent.Amount, currency.ToLowerInvariant()) : null;
        var gatewayEvent = new GatewayEvent(stripeEvent.Id, kind.Value, intent.Id, declineCode, amount);
        LogMapped(logger, stripeEvent.Id, stripeEvent.Type, orderId, intent.Id);
        return new StripeWebhookResult(StripeWebhookOutcome.Mapped, $"{stripeEvent.Type} for order {orderId}.", orderId, gatewayEvent);
    }

    private StripeWebhookResult Ignored(Event stripeEvent, string detail)
    {
        LogIgnored(logger, stripeEvent.Id, detail);
        return new StripeWebhookResult(StripeWebhookOutcome.Ignored, detail);
    }

    private static StripeWebhookResult Refused(string detail) => new(StripeWebhookOutcome.Refused, detail);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Stripe event {StripeEventId} ({EventType}) for order {OrderId}, PaymentIntent {PaymentIntentId}")]
    private static partial void LogMapped(ILogger logger, string stripeEventId, string eventType, string orderId, string paymentIntentId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Stripe event {StripeEventId} ignored: {Detail}")]
    private static partial void LogIgnored(ILogger logger, string stripeEventId, string detail);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Stripe webhook refused: {Setting} is not set, so no webhook can be verified")]
    private static partial void LogNotConfigured(ILogger logger, string setting);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Stripe webhook refused: no Stripe-Signature header")]
    private static partial void LogUnsigned(ILogger logger);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Stripe webhook refused: the signature does not verify ({Reason})")]
    private static partial void LogUnverified(ILogger logger, string reason);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Stripe webhook refused: validly signed, but the body is not an event ({Error})")]
    private static partial void LogNotAnEvent(ILogger logger, string error);
}
