using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Web;
using EShop.Tests.Shared;
using WireMock;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;
using Request = WireMock.RequestBuilders.Request;

namespace EShop.Grains.Tests.Payments;

/// <summary>A PaymentIntent the fake created: the money it took (when it succeeded) and the order it names.</summary>
internal sealed record FakeIntent(string Id, string? OrderId, string? IdempotencyKey, bool Succeeded, long Amount);

internal sealed record FakeRefund(string Id, string? PaymentIntentId, string? IdempotencyKey);

/// <summary>
/// A Stripe that keeps state, as the real one does: a PaymentIntent per new Idempotency-Key (succeeded, or declined for
/// <c>pm_card_chargeDeclined*</c>), the first answer replayed for a key it has seen, refunds, and a webhook per intent
/// delivered a moment later through <see cref="Deliver"/>, retried until taken, unless <see cref="HoldWebhooks"/>.
/// </summary>
internal sealed class StripeLedgerFake : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Status, string Body)> _answers = new(StringComparer.Ordinal);
    private readonly List<FakeIntent> _intents = [];
    private readonly List<FakeRefund> _refunds = [];
    private readonly ConcurrentQueue<string> _heldWebhooks = new();
    private readonly ConcurrentDictionary<Task, byte> _deliveries = new();
    private int _ids;

    public StripeLedgerFake()
    {
        Server.Given(Request.Create().WithPath(StripeFake.PaymentIntents).UsingPost()).RespondWith(Response.Create().WithCallback(CreateIntent));
        Server.Given(Request.Create().WithPath(StripeFake.Refunds).UsingPost()).RespondWith(Response.Create().WithCallback(CreateRefund));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    /// <summary>Hands a webhook body to the shop (signing it); throws if the shop did not take it.</summary>
    public Func<string, Task>? Deliver { get; set; }

    /// <summary>Webhooks wait here until <see cref="ReleaseWebhooks"/>: Stripe's delivery late.</summary>
    public bool HoldWebhooks { get; set; }

    public IReadOnlyList<FakeIntent> Intents
    {
        get
        {
            lock (_gate)
                return [.. _intents];
        }
    }

    public IReadOnlyList<FakeRefund> Refunds
    {
        get
        {
            lock (_gate)
                return [.. _refunds];
        }
    }

    public IReadOnlyList<FakeIntent> IntentsOf(string orderId) => [.. Intents.Where(i => i.OrderId == orderId)];

    public void ReleaseWebhooks()
    {
        HoldWebhooks = false;
        while (_heldWebhooks.TryDequeue(out var body))
            Send(body);
    }

    /// <summary>Waits for every webhook sent so far to be taken.</summary>
    public Task WebhooksDelivered() => Task.WhenAll(_deliveries.Keys);

    private IResponseMessage CreateIntent(IRequestMessage request)
    {
        var form = HttpUtility.ParseQueryString(request.Body ?? "");
        var key = Header(request, "Idempotency-Key");
        lock (_gate)
        {
            if (key is not null && _answers.TryGetValue(key, out var first))
                return Json(first.Status, first.Body);

            var id = $"pi_fake_{++_ids}";
            var orderId = form["metadata[order_id]"];
            var declined = form["payment_method"]?.StartsWith("pm_card_chargeDeclined", StringComparison.Ordinal) == true;
            _intents.Add(new FakeIntent(id, orderId, key, !declined, long.Parse(form["amount"] ?? "0", CultureInfo.InvariantCulture)));
            var answer = declined
                ? (402, StripeFake.Error("card_error", "card_declined", "generic_decline", id))
                : (200, Intent(id, orderId));
            if (key is not null)
                _answers[key] = answer;
            Webhook(declined
                ? StripeSignatures.Event("payment_intent.payment_failed", id, orderId, "generic_decline")
                : StripeSignatures.Event("payment_intent.succeeded", id, orderId));
            return Json(answer.Item1, answer.Item2);
        }
    }

    private IResponseMessage CreateRefund(IRequestMessage request)
    {
        var form = HttpUtility.ParseQueryString(request.Body ?? "");
        var key = Header(request, "Idempotency-Key");
        lock (_gate)
        {
            if (key is not null && _answers.TryGetValue(key, out var first))
                return Json(first.Status, first.Body);

            var refund = new FakeRefund($"re_fake_{++_ids}", form["payment_intent"], key);
            _refunds.Add(refund);
            var body = $$"""{"id":"{{refund.Id}}","object":"refund","status":"succeeded","amount":{{form["amount"]}},"payment_intent":"{{refund.PaymentIntentId}}"}""";
            if (key is not null)
                _answers[key] = (200, body);
            return Json(200, body);
        }
    }

    private void Webhook(string body)
    {
        if (HoldWebhooks)
            _heldWebhooks.Enqueue(body);
        else
            Send(body);
    }

    private void Send(string body)
    {
        var delivery = Task.Run(async () =>
        {
            // Stripe retries a webhook the endpoint did not take.
            for (var attempt = 1; ; attempt++)
            {
                await Task.Delay(50);
                try
                {
                    if (Deliver is { } deliver)
                        await deliver(body);
                    return;
                }
                catch (Exception) when (attempt < 100)
                {
                }
            }
        });
        _deliveries.TryAdd(delivery, 0);
    }

    private static string Intent(string id, string? orderId) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "payment_intent",
        ["status"] = "succeeded",
        ["amount"] = 1000,
        ["currency"] = "usd",
        ["metadata"] = new JsonObject { ["order_id"] = orderId },
    }.ToJsonString();

    private static ResponseMessage Json(int status, string body)
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
        };
        response.AddHeader("Content-Type", "application/json");
        return response;
    }

    private static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.SingleOrDefault();

    public void Dispose() => Server.Dispose();
}
