using EShop.Api.Tests.Infrastructure;
using EShop.Grains.Payments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Api.Tests.Payments;

/// <summary>
/// The real Api with its co-hosted silo (as <see cref="ApiFactory"/>), plus a Stripe webhook secret and a gateway that
/// leaves every charge pending, so that only a webhook can settle a payment.
/// </summary>
public sealed class StripeWebhookFactory : ApiFactory
{
    public const string WebhookSecret = "whsec_api_tests_0123456789";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Payments:Stripe:WebhookSecret", WebhookSecret);
        builder.ConfigureTestServices(services => services.AddSingleton<IPaymentGateway, PendingGateway>());
    }

    /// <summary>Answers like Stripe for an intent that needs more time (processing): the outcome comes by webhook.</summary>
    private sealed class PendingGateway : IPaymentGateway
    {
        public bool Accepts(string paymentMethodId) => paymentMethodId.StartsWith("pm_", StringComparison.Ordinal);

        public Task<GatewayChargeResult> ChargeAsync(GatewayCharge charge, CancellationToken cancellationToken) =>
            Task.FromResult(new GatewayChargeResult(GatewayChargeStatus.Pending, $"pi_{charge.OrderId}"));

        public Task<GatewayRefundResult> RefundAsync(GatewayRefund refund, CancellationToken cancellationToken) =>
            Task.FromResult(new GatewayRefundResult($"re_{refund.OrderId}"));
    }
}

[CollectionDefinition(Name)]
public sealed class StripeWebhookCollection : ICollectionFixture<StripeWebhookFactory>
{
    public const string Name = "stripe-webhooks";
}
