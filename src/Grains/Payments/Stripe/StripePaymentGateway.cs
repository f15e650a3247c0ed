using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Stripe;

namespace EShop.Grains.Payments.Stripe;

/// <summary>
/// Stripe PaymentIntents through Stripe.net. A charge creates and confirms its intent in one call, so the one
/// Idempotency-Key of an attempt covers everything Stripe does for it: the retries of the HTTP pipeline
/// (<see cref="StripeHttp"/>) and the payment grain's retries of that attempt get Stripe's first answer back instead
/// of a second charge. Only payment method ids (pm_...) and intent ids (pi_...) pass through here, never card data.
/// </summary>
public sealed partial class StripePaymentGateway(IHttpClientFactory httpClients, IOptions<StripeOptions> options, ILogger<StripePaymentGateway> logger) : IPaymentGateway
{
    private readonly StripeClient _client = CreateClient(options.Value, httpClients.CreateClient(StripeHttp.ClientName));

    /// <summary>Stripe validates the rest of the id; a missing method is answered as a decline.</summary>
    public bool Accepts(string paymentMethodId) => paymentMethodId.StartsWith("pm_", StringComparison.Ordinal);

    public async Task<GatewayChargeResult> ChargeAsync(GatewayCharge charge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(charge);
        var create = new PaymentIntentCreateOptions
        {
            Amount = charge.Amount,
#pragma warning disable CA1308 // Stripe's currency codes are lower case.
            Currency = charge.Currency.ToLowerInvariant(),
#pragma warning restore CA1308
            PaymentMethod = charge.PaymentMethodId,
            Confirm = true,

            // Confirmed server-side with no customer page to come back to: methods that redirect are left out, so
            // Stripe needs no return_url, while the methods enabled in the Dashboard (cards first) still apply.
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" },
            Metadata = new Dictionary<string, string> { [StripeWebhooks.OrderIdKey] = charge.OrderId },
        };

        GatewayChargeResult result;
        try
        {
            var intent = await _client.V1.PaymentIntents.CreateAsync(create, Idempotent(charge.IdempotencyKey), cancellationToken);
            result = FromIntent(intent);
        }
        catch (StripeException ex) when (DeclineCode(ex.StripeError) is { } code)
        {
            result = new GatewayChargeResult(GatewayChargeStatus.Declined, ex.StripeError.PaymentIntent?.Id, code);
        }
        catch (Exception ex) when (IsGatewayFailure(ex, cancellationToken))
        {
            throw Failed(ex, "charge", charge.OrderId);
        }

        LogCharge(logger, charge.OrderId, result.Status, result.PaymentIntentId, result.DeclineCode);
        return result;
    }

    public async Task<GatewayRefundResult> RefundAsync(GatewayRefund refund, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refund);
        var create = new RefundCreateOptions
        {
            PaymentIntent = refund.PaymentIntentId,
            Amount = refund.Amount,
            Metadata = new Dictionary<string, string> { [StripeWebhooks.OrderIdKey] = refund.OrderId },
        };

        try
        {
            var created = await _client.V1.Refunds.CreateAsync(create, Idempotent(refund.IdempotencyKey), cancellationToken);
            LogRefund(logger, refund.OrderId, refund.PaymentIntentId, created.Id);
            return new GatewayRefundResult(created.Id);
        }
        catch (Exception ex) when (IsGatewayFailure(ex, cancellationToken))
        {
            throw Failed(ex, "refund", refund.OrderId);
        }
    }

    private PaymentGatewayException Failed(Exception ex, string operation, string orderId)
    {
        var failure = ex switch
        {
            BrokenCircuitException => PaymentGatewayFailure.CircuitOpen,
            TimeoutRejectedException or OperationCanceledException => PaymentGatewayFailure.Timeout,
            _ => PaymentGatewayFailure.Error,
        };

        // An open circuit refuses every waiting order on every tick: the breaker logged its opening once (4301).
        if (failure == PaymentGatewayFailure.CircuitOpen)
            LogRefused(logger, operation, orderId);
        else
            LogFailure(logger, ex, operation, orderId, Describe(ex));
        return new PaymentGatewayException($"Stripe did not answer the {operation} of order {orderId}: {Describe(ex)}", ex, failure);
    }

    private static StripeClient CreateClient(StripeOptions settings, HttpClient httpClient)
    {
        if (string.IsNullOrWhiteSpace(settings.SecretKey))
            throw new InvalidOperationException($"The Stripe gateway needs {StripeOptions.Section}:SecretKey.");
        return new StripeClient(new StripeClientOptions
        {
            ApiKey = settings.SecretKey,
            ApiBase = string.IsNullOrWhiteSpace(settings.ApiBase) ? StripeClient.DefaultApiBase : settings.ApiBase.TrimEnd('/'),
            // Retries are the pipeline's (StripeHttp): Stripe.net's would multiply them.
            HttpClient = new SystemNetHttpClient(httpClient, maxNetworkRetries: 0),
        });
    }

    private static RequestOptions Idempotent(string key) => new() { IdempotencyKey = key };

    /// <summary>Not final yet (processing, 3-D Secure, manual capture): the outcome comes by webhook.</summary>
    private static GatewayChargeResult FromIntent(PaymentIntent intent) => intent.Status switch
    {
        "succeeded" => new(GatewayChargeStatus.Succeeded, intent.Id),
        "processing" or "requires_action" or "requires_capture" => new(GatewayChargeStatus.Pending, intent.Id),
        "requires_payment_method" or "canceled" =>
            new(GatewayChargeStatus.Declined, intent.Id, DeclineCode(intent.LastPaymentError) ?? intent.Status),
        _ => throw new PaymentGatewayException($"Stripe answered PaymentIntent {intent.Id} with the unexpected status '{intent.Status}'."),
    };

    /// <summary>The decline code when Stripe refused the payment method itself; null for anything worth retrying.</summary>
    private static string? DeclineCode(StripeError? error) => error switch
    {
        { Type: "card_error" } => error.DeclineCode ?? error.Code ?? "card_declined",

        // A pm_ id that Stripe does not know will not get better on a retry (the simulated gateway says the same).
        { Type: "invalid_request_error", Param: "payment_method" } => "invalid_payment_method",
        _ => null,
    };

    /// <summary>
    /// Network errors, timeouts, 5xx, 429 and other API errors, and calls the pipeline refused (open circuit, timeout);
    /// a cancellation by the caller is not one.
    /// </summary>
    private static bool IsGatewayFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is StripeException or HttpRequestException or ExecutionRejectedException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception ex) => ex switch
    {
        StripeException { StripeError: { } error } stripe =>
            $"HTTP {(int)stripe.HttpStatusCode} {error.Type}{(error.Code is null ? "" : $"/{error.Code}")} (request {stripe.StripeResponse?.RequestId})",
        StripeException stripe => $"HTTP {(int)stripe.HttpStatusCode}",
        BrokenCircuitException => "circuit open, not called",
        _ => ex.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe charge of order {OrderId}: {Status}, PaymentIntent {PaymentIntentId}, decline code {DeclineCode}")]
    private static partial void LogCharge(ILogger logger, string orderId, GatewayChargeStatus status, string? paymentIntentId, string? declineCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe refund of order {OrderId} (PaymentIntent {PaymentIntentId}): {RefundId}")]
    private static partial void LogRefund(ILogger logger, string orderId, string paymentIntentId, string refundId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe {Operation} of order {OrderId} failed: {Failure}")]
    private static partial void LogFailure(ILogger logger, Exception exception, string operation, string orderId, string failure);

    [LoggerMessage(EventId = 4303, EventName = "StripeCallRefused", Level = LogLevel.Debug, Message = "Stripe {Operation} of order {OrderId} not sent: the circuit is open")]
    private static partial void LogRefused(ILogger logger, string operation, string orderId);
}
