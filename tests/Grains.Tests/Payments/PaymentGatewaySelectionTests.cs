using System.Collections.Concurrent;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Payments;
using EShop.Grains.Payments.Stripe;
using EShop.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EShop.Grains.Tests.Payments;

public sealed class PaymentGatewaySelectionTests
{
    [Theory]
    [InlineData(null, null, true, PaymentGatewayKind.Simulated)]
    [InlineData(null, "sk_test_1", false, PaymentGatewayKind.Stripe)]
    [InlineData("simulated", null, false, PaymentGatewayKind.Simulated)]
    [InlineData("Simulated", "sk_test_1", false, PaymentGatewayKind.Simulated)]
    [InlineData("Stripe", "sk_test_1", true, PaymentGatewayKind.Stripe)]
    public void The_named_gateway_wins_then_a_stripe_key_then_simulation_in_development_only(string? configured, string? key, bool development, PaymentGatewayKind expected)
    {
        Assert.Equal(new PaymentGatewayChoice(expected, null), PaymentGatewaySelection.Choose(configured, key, development));
    }

    [Theory]
    [InlineData(null, null, "Payments:Gateway is unset")]
    [InlineData("  ", "", "Payments:Gateway is unset")]
    [InlineData("Stripe", null, "Payments:Stripe:SecretKey")]
    [InlineData("1", null, "neither Stripe nor Simulated")]
    [InlineData("Paypal", "sk_test_1", "neither Stripe nor Simulated")]
    public void Outside_development_no_usable_choice_is_a_refusal(string? configured, string? key, string reason)
    {
        var choice = PaymentGatewaySelection.Choose(configured, key, isDevelopment: false);

        Assert.Null(choice.Gateway);
        Assert.Contains(reason, choice.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_production_process_with_neither_a_key_nor_a_named_gateway_refuses_to_start_and_registers_no_gateway()
    {
        var (services, _) = Payments("Production", []);

        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Payments:Gateway", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IPaymentGateway));
    }

    [Fact]
    public async Task A_production_process_simulating_on_purpose_starts_with_a_warning_of_its_own_event_id()
    {
        var (services, log) = Payments("Production", new() { ["Payments:Gateway"] = "Simulated" });

        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        foreach (var hosted in provider.GetServices<IHostedService>())
            await hosted.StartAsync(TestContext.Current.CancellationToken);

        Assert.IsType<SimulatedPaymentGateway>(Assert.IsType<MeteredPaymentGateway>(provider.GetRequiredService<IPaymentGateway>()).Inner);
        var warning = Assert.Single(log, e => e.Level == LogLevel.Warning);
        Assert.Equal(5001, warning.EventId);
        Assert.Contains("no money is taken", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_simulates_by_default_without_a_warning()
    {
        var (services, _) = Payments("Development", []);

        Assert.Contains(services, d => d.ServiceType == typeof(SimulatedPaymentGateway));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IHostedService));
    }

    [Fact]
    public void A_stripe_key_selects_the_stripe_gateway_outside_development()
    {
        var (services, _) = Payments("Production", new() { ["Payments:Stripe:SecretKey"] = "sk_test_1" });
        using var provider = services.BuildServiceProvider();

        Assert.IsType<StripePaymentGateway>(Assert.IsType<MeteredPaymentGateway>(provider.GetRequiredService<IPaymentGateway>()).Inner);
    }

    private static (ServiceCollection Services, ConcurrentQueue<LogEntry> Log) Payments(string environment, Dictionary<string, string?> settings)
    {
        var log = new ConcurrentQueue<LogEntry>();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new RecordingProvider(log)));
        services.AddSingleton(ShopClock.System);
        services.AddPayments(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), new NamedEnvironment(environment));
        return (services, log);
    }

    private sealed record LogEntry(LogLevel Level, int EventId, string Message);

    private sealed class RecordingProvider(ConcurrentQueue<LogEntry> log) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue(new LogEntry(logLevel, eventId.Id, formatter(state, exception)));

        public void Dispose()
        {
        }
    }
}
