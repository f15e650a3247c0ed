using EShop.Grains.Abstractions.Common;
using Orleans.Concurrency;

namespace EShop.Grains.Abstractions.Payments;

public enum PaymentStatus
{
    None,
    Processing,
    Succeeded,
    Declined,
    Refunding,
    Refunded,
}

[GenerateSerializer, Immutable, Alias("eshop.charge-request.v1")]
public sealed record ChargeRequest(
    [property: Id(0)] string OrderId,
    [property: Id(1)] Money Amount,
    [property: Id(2)] string PaymentMethodId);

/// <summary>A payment as the order sees it. PaymentIntentId is the gateway's id (Stripe's pi_...); never card data.</summary>
[GenerateSerializer, Immutable, Alias("eshop.payment.v1")]
public sealed record PaymentView(
    [property: Id(0)] PaymentStatus Status,
    [property: Id(1)] string? PaymentIntentId = null,
    [property: Id(2)] string? DeclineCode = null,
    [property: Id(3)] int Charges = 0,
    [property: Id(4)] bool Abandoned = false);

public enum GatewayEventKind
{
    Succeeded,
    Failed,
}

/// <summary>
/// A gateway's asynchronous word on a payment (Stripe webhooks). Amount is what the PaymentIntent is for, so that a
/// charge the payment grain lost track of can still be recorded and given back.
/// </summary>
[GenerateSerializer, Immutable, Alias("eshop.gateway-event.v1")]
public sealed record GatewayEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] GatewayEventKind Kind,
    [property: Id(2)] string PaymentIntentId,
    [property: Id(3)] string? DeclineCode = null,
    [property: Id(4)] Money? Amount = null);

/// <summary>The payment of one order, keyed by orderId. Every call is idempotent.</summary>
[Alias("eshop.IPaymentGrain")]
public interface IPaymentGrain : IGrainWithStringKey
{
    /// <summary>Charges once: a repeat answers the same outcome, or retries the gateway with the same idempotency key.</summary>
    [Alias("Charge")]
    Task<PaymentView> Charge(ChargeRequest request);

    /// <summary>Refunds a succeeded charge (cancel after payment); nothing to do otherwise.</summary>
    [Alias("Refund")]
    Task<PaymentView> Refund();

    /// <summary>The order gave up (payment_timeout): a success that arrives later is refunded.</summary>
    [Alias("Abandon")]
    Task<PaymentView> Abandon();

    /// <summary><see cref="Charge"/> without waiting: the outcome reaches the order through PaymentSettled.</summary>
    [OneWay, Alias("ChargeInBackground")]
    Task ChargeInBackground(ChargeRequest request);

    /// <summary><see cref="Abandon"/> without waiting.</summary>
    [OneWay, Alias("AbandonInBackground")]
    Task AbandonInBackground();

    [Alias("ApplyGatewayEvent")]
    Task<PaymentView> ApplyGatewayEvent(GatewayEvent gatewayEvent);

    [AlwaysInterleave, Alias("GetPayment")]
    Task<PaymentView> GetPayment();
}
