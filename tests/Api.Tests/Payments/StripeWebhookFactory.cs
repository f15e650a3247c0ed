using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EShop.Grains;
using EShop.Grains.Payments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EShop.Api.Tests.Payments;

/// <summary>
/// The real Api with its co-hosted silo (as <c>ApiFactory</c>), plus a Stripe webhook secret and a gateway that leaves
/// every charge pending, so that only a webhook can settle a payment.
/// </summary>
public sealed class StripeWebhookFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string WebhookSecret = "whsec_api_tests_0123456789";

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Orleans:SiloPort", FreePort());
        builder.UseSetting("Orleans:GatewayPort", FreePort());
        builder.UseSetting("Orleans:ClusterId", $"stripe-webhook-tests-{Guid.NewGuid():N}");
        builder.UseSetting("Jwt:SigningKey", "api-tests-signing-key-0123456789-abcdefghij");
        builder.UseSetting("Seed:Enabled", "false");
        builder.UseSetting("Payments:Stripe:WebhookSecret", WebhookSecret);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new ShopClock(Time));
            services.AddSingleton<IPaymentGateway, PendingGateway>();
        });
    }

    public ValueTask InitializeAsync()
    {
        _ = Server;
        return ValueTask.CompletedTask;
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
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
