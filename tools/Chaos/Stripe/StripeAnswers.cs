using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EShop.Chaos.Stripe;

/// <summary>
/// One answer as sent. Kept under its Idempotency-Key (with the request it answered) unless it refused the request's
/// parameters, as at Stripe: such a key can be used again.
/// </summary>
internal sealed record StripeAnswer(int Status, byte[] Body)
{
    public bool Kept { get; init; } = true;

    public static StripeAnswer Json(int status, JsonNode body) => new(status, System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
}

/// <summary>The JSON Stripe answers, as much of it as Stripe.net reads.</summary>
internal static class StripeAnswers
{
    /// <summary>Stripe's test payment methods that decline, by the decline code Stripe gives them.</summary>
    private static readonly (string Suffix, string DeclineCode)[] Declines =
    [
        ("chargeDeclinedInsufficientFunds", "insufficient_funds"),
        ("chargeDeclinedLostCard", "lost_card"),
        ("chargeDeclinedStolenCard", "stolen_card"),
        ("chargeDeclinedFraudulent", "fraudulent"),
        ("chargeDeclinedExpiredCard", "expired_card"),
        ("chargeDeclined", "generic_decline"),
    ];

    /// <summary>The decline code of a <c>pm_card_*chargeDeclined*</c> test method; null for one that succeeds.</summary>
    public static string? DeclineCode(string paymentMethod) =>
        Declines.FirstOrDefault(d => paymentMethod.EndsWith(d.Suffix, StringComparison.Ordinal)).DeclineCode
        ?? (paymentMethod.Contains("chargeDeclined", StringComparison.Ordinal) ? "generic_decline" : null);

    public static JsonObject Intent(StripeIntent intent, IFormCollection form) => new()
    {
        ["id"] = intent.Id,
        ["object"] = "payment_intent",
        ["amount"] = intent.Amount,
        ["amount_received"] = intent.Succeeded ? intent.Amount : 0,
        ["capture_method"] = "automatic",
        ["confirmation_method"] = "automatic",
        ["created"] = intent.CreatedUtc.ToUnixTimeSeconds(),
        ["currency"] = intent.Currency,
        ["last_payment_error"] = intent.DeclineCode is { } code ? Error("card_error", "card_declined", code, "Your card was declined.") : null,
        ["latest_charge"] = $"ch_{intent.Id[3..]}",
        ["livemode"] = false,
        ["metadata"] = Metadata(form),
        ["payment_method"] = intent.PaymentMethod,
        ["payment_method_types"] = new JsonArray("card"),
        ["status"] = intent.Succeeded ? "succeeded" : "requires_payment_method",
    };

    public static JsonObject Refund(StripeRefund refund, string currency, IFormCollection form) => new()
    {
        ["id"] = refund.Id,
        ["object"] = "refund",
        ["amount"] = refund.Amount,
        ["charge"] = $"ch_{refund.PaymentIntentId[3..]}",
        ["created"] = refund.CreatedUtc.ToUnixTimeSeconds(),
        ["currency"] = currency,
        ["metadata"] = Metadata(form),
        ["payment_intent"] = refund.PaymentIntentId,
        ["status"] = "succeeded",
    };

    /// <summary>402, as Stripe answers a card it could not charge, with the declined intent.</summary>
    public static StripeAnswer Declined(JsonObject intent, string declineCode)
    {
        var error = Error("card_error", "card_declined", declineCode, "Your card was declined.");
        error["payment_intent"] = intent;
        return StripeAnswer.Json(402, new JsonObject { ["error"] = error });
    }

    public static StripeAnswer Failure(int status, string type, string? code, string message, string? param = null) =>
        StripeAnswer.Json(status, new JsonObject { ["error"] = Error(type, code, null, message, param) });

    public static StripeAnswer ApiError() =>
        Failure(500, "api_error", null, "An unknown error occurred (chaos stand-in fault window).");

    /// <summary>A 400 for the request's parameters: not kept under its key.</summary>
    public static StripeAnswer InvalidRequest(string? code, string message, string? param = null) =>
        Failure(400, "invalid_request_error", code, message, param) with { Kept = false };

    private static JsonObject Error(string type, string? code, string? declineCode, string message, string? param = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null)
            error["code"] = code;
        if (declineCode is not null)
            error["decline_code"] = declineCode;
        if (param is not null)
            error["param"] = param;
        return error;
    }

    private static JsonObject Metadata(IFormCollection form)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal) && f.Key.EndsWith(']')).OrderBy(f => f.Key, StringComparer.Ordinal))
            metadata[key["metadata[".Length..^1]] = value.ToString();
        return metadata;
    }
}
