using Microsoft.Extensions.Options;

namespace EShop.Grains.Payments.Stripe;

/// <summary>Stripe PaymentIntents through Stripe.net (being written).</summary>
public sealed class StripePaymentGateway(IOptions<StripeOptions> options) : IPaymentGateway
{
    public bool Accepts(string paymentMethodId) =>
        options.Value.SecretKey is not null && paymentMethodId.StartsWith("pm_", StringComparison.Ordinal);

    public Task<GatewayChargeResult> ChargeAsync(GatewayCharge charge, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The Stripe gateway is not written yet.");

    public Task<GatewayRefundResult> RefundAsync(GatewayRefund refund, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The Stripe gateway is not written yet.");
}
