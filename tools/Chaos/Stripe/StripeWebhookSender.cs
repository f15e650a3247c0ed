using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace EShop.Chaos.Stripe;

/// <summary>
/// Stripe's webhooks, as Stripe sends them: for every PaymentIntent that succeeded or was declined, a signed
/// <c>payment_intent.*</c> event to the shop's endpoint about half a second later, whatever happened to the API answer
/// (a charge whose answer was lost is still announced), sent again every second until the shop takes it (2xx).
/// Without them a charge whose answer never came would stay unknown to the shop, as it would with a real Stripe whose
/// webhook endpoint is not configured.
/// </summary>
public sealed class StripeWebhookSender(Uri endpoint, string secret) : IAsyncDisposable
{
    public const string Path = "/api/payments/stripe/webhook";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _deliveries = new();
    private int _delivered;
    private int _attempts;

    public int Delivered => _delivered;

    public int Attempts => _attempts;

    /// <summary>Webhooks not yet taken by the shop.</summary>
    public int Pending => _deliveries.Count;

    public void Announce(StripeIntent intent)
    {
        var body = Event(intent);
        var delivery = Task.Run(() => DeliverAsync(body));
        _deliveries.TryAdd(delivery, 0);
        delivery.ContinueWith(done => _deliveries.TryRemove(done, out _), TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_deliveries.Keys);
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-delivery.
        }
        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task DeliverAsync(string body)
    {
        var token = _stopping.Token;
        await Task.Delay(500, token);
        while (!token.IsCancellationRequested)
        {
            Interlocked.Increment(ref _attempts);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, Path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("Stripe-Signature", Sign(body, secret, DateTimeOffset.UtcNow));
                using var response = await _http.SendAsync(request, token);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _delivered);
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
            {
                // Stripe retries an endpoint that did not answer.
            }
            await Task.Delay(1000, token);
        }
    }

    private static string Sign(string body, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    private static string Event(StripeIntent intent) => new JsonObject
    {
        ["id"] = $"evt_{intent.Id}",
        ["object"] = "event",
        ["api_version"] = "2020-08-27",
        ["created"] = intent.CreatedUtc.ToUnixTimeSeconds(),
        ["type"] = intent.Succeeded ? "payment_intent.succeeded" : "payment_intent.payment_failed",
        ["data"] = new JsonObject
        {
            ["object"] = new JsonObject
            {
                ["id"] = intent.Id,
                ["object"] = "payment_intent",
                ["amount"] = intent.Amount,
                ["currency"] = intent.Currency,
                ["status"] = intent.Succeeded ? "succeeded" : "requires_payment_method",
                ["metadata"] = new JsonObject { ["order_id"] = intent.OrderId },
                ["last_payment_error"] = intent.DeclineCode is null ? null : new JsonObject
                {
                    ["type"] = "card_error",
                    ["code"] = "card_declined",
                    ["decline_code"] = intent.DeclineCode,
                },
            },
        },
    }.ToJsonString();
}
