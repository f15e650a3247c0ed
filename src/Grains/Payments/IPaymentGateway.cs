namespace EShop.Grains.Payments;

public enum GatewayChargeStatus
{
    Succeeded,
    Declined,

    /// <summary>Accepted but not final (Stripe's processing / requires_action): the outcome arrives by webhook.</summary>
    Pending,
}

/// <summary>A charge as the gateway gets it. The idempotency key is stable across retries of one attempt.</summary>
public sealed record GatewayCharge(string OrderId, long Amount, string Currency, string PaymentMethodId, string IdempotencyKey);

public sealed record GatewayChargeResult(GatewayChargeStatus Status, string? PaymentIntentId, string? DeclineCode = null);

public sealed record GatewayRefund(string OrderId, string PaymentIntentId, long Amount, string IdempotencyKey);

public sealed record GatewayRefundResult(string RefundId);

/// <summary>
/// A card payment provider. Implementations throw <see cref="PaymentGatewayException"/> for failures worth
/// retrying (network, 5xx, rate limits); a decline is an answer, not an exception.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>Whether a payment method id can be charged at all (400 at checkout otherwise).</summary>
    bool Accepts(string paymentMethodId);

    Task<GatewayChargeResult> ChargeAsync(GatewayCharge charge, CancellationToken cancellationToken);

    Task<GatewayRefundResult> RefundAsync(GatewayRefund refund, CancellationToken cancellationToken);
}

/// <summary>Why a gateway call failed, as metrics and logs tell it apart; every kind is retried the same way.</summary>
public enum PaymentGatewayFailure
{
    /// <summary>A network error, a 5xx or 429 that outlasted the retries, or an answer that made no sense.</summary>
    Error,

    /// <summary>No answer in time (an attempt or the whole call timed out).</summary>
    Timeout,

    /// <summary>Refused without a call: the circuit breaker is open after too many failures.</summary>
    CircuitOpen,
}

public sealed class PaymentGatewayException : Exception
{
    public PaymentGatewayException()
    {
    }

    public PaymentGatewayException(string message)
        : base(message)
    {
    }

    public PaymentGatewayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PaymentGatewayException(string message, Exception innerException, PaymentGatewayFailure failure)
        : base(message, innerException) => Failure = failure;

    public PaymentGatewayFailure Failure { get; }
}
