using EShop.Grains.Payments.Stripe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EShop.Grains.Payments;

public static class PaymentServices
{
    /// <summary>The gateway <see cref="PaymentGatewaySelection"/> picks for this configuration and environment.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<PaymentOptions>().Bind(configuration.GetSection(PaymentOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StripeResilienceOptions>().Bind(configuration.GetSection(StripeResilienceOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StripeResilienceOptions>, StripeResilienceValidator>());
        services.AddOptions<SimulatedGatewayOptions>().Bind(configuration.GetSection(SimulatedGatewayOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentOptions>, PaymentGatewayValidator>(
            sp => new PaymentGatewayValidator(environment, sp.GetRequiredService<IOptions<StripeOptions>>())));
        services.TryAddSingleton<IPaymentLedger, MemoryPaymentLedger>();
        services.TryAddSingleton<StripeWebhooks>();
        services.AddMetrics();
        services.TryAddSingleton<PaymentGatewayMetrics>();

        var choice = PaymentGatewaySelection.Choose(
            configuration[$"{PaymentOptions.Section}:{nameof(PaymentOptions.Gateway)}"],
            configuration[$"{StripeOptions.Section}:{nameof(StripeOptions.SecretKey)}"],
            environment.IsDevelopment());
        if (choice.Gateway == PaymentGatewayKind.Stripe)
        {
            services.AddStripeHttpClient();
            services.TryAddSingleton<StripePaymentGateway>();
            services.TryAddSingleton<IPaymentGateway>(sp => Metered<StripePaymentGateway>(sp));
        }
        else if (choice.Gateway == PaymentGatewayKind.Simulated)
        {
            services.TryAddSingleton<SimulatedPaymentGateway>();
            services.TryAddSingleton<IPaymentGateway>(sp => Metered<SimulatedPaymentGateway>(sp));
            if (!environment.IsDevelopment())
                services.AddHostedService<SimulatedPaymentsWarning>();
        }

        // No choice: the validator refuses start-up, and no gateway is registered that could confirm an unpaid order.
        return services;
    }

    private static MeteredPaymentGateway Metered<TGateway>(IServiceProvider services)
        where TGateway : IPaymentGateway =>
        new(services.GetRequiredService<TGateway>(), services.GetRequiredService<PaymentGatewayMetrics>());
}
