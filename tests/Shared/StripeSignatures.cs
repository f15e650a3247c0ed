using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace EShop.Tests.Shared;

/// <summary>Stripe events and their Stripe-Signature headers, made the way Stripe makes them (shared by both test projects).</summary>
internal static class StripeSignatures
{
    /// <summary><c>t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256 of "t.body" keyed with the endpoint secret&gt;</c>.</summary>
    public static string Sign(string body, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    public static string Event(string type, string intentId, string? orderId, string? declineCode = null, string? eventId = null, long? amount = null)
    {
        var metadata = new JsonObject();
        if (orderId is not null)
            metadata["order_id"] = orderId;
        var intent = new JsonObject
        {
            ["id"] = intentId,
            ["object"] = "payment_intent",
            ["status"] = type == "payment_intent.succeeded" ? "succeeded" : "requires_payment_method",
            ["metadata"] = metadata,
            ["last_payment_error"] = declineCode is null ? null : new JsonObject
            {
                ["type"] = "card_error",
                ["code"] = "card_declined",
                ["decline_code"] = declineCode,
            },
        };
        if (amount is not null)
        {
            intent["amount"] = amount;
            intent["currency"] = "usd";
        }

        return new JsonObject
        {
            ["id"] = eventId ?? $"evt_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = "2020-08-27",
            ["created"] = 1_900_000_000,
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = intent },
        }.ToJsonString();
    }
}
