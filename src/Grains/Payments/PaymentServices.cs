using EShop.Grains.Payments.Stripe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EShop.Grains.Payments;

public static class PaymentServices
{
    /// <summary>The Stripe gateway when <c>Payments:Stripe:SecretKey</c> is set, the simulated one otherwise.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentOptions>().Bind(configuration.GetSection(PaymentOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SimulatedGatewayOptions>().Bind(configuration.GetSection(SimulatedGatewayOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IPaymentLedger, MemoryPaymentLedger>();
        if (string.IsNullOrWhiteSpace(configuration[$"{StripeOptions.Section}:SecretKey"]))
        {
            services.TryAddSingleton<SimulatedPaymentGateway>();
            services.TryAddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<SimulatedPaymentGateway>());
        }
        else
        {
            services.TryAddSingleton<IPaymentGateway, StripePaymentGateway>();
        }

        return services;
    }
}
