using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EShop.Grains.Payments;

/// <summary>The values of <c>Payments:Gateway</c>.</summary>
public enum PaymentGatewayKind
{
    Stripe,
    Simulated,
}

/// <summary>The gateway a process charges through, or why it must not start.</summary>
public readonly record struct PaymentGatewayChoice(PaymentGatewayKind? Gateway, string? Refusal);

/// <summary>
/// Which gateway charges: the one <c>Payments:Gateway</c> names; unset, Stripe when its secret key is set, else the
/// simulated one in Development only. The simulated gateway confirms orders without taking money, so outside
/// Development it runs only when chosen by name, and no choice at all refuses start-up.
/// </summary>
public static class PaymentGatewaySelection
{
    public static PaymentGatewayChoice Choose(string? configured, string? stripeSecretKey, bool isDevelopment)
    {
        var hasKey = !string.IsNullOrWhiteSpace(stripeSecretKey);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return hasKey ? new(PaymentGatewayKind.Stripe, null)
                : isDevelopment ? new(PaymentGatewayKind.Simulated, null)
                : new(null, "Payments:Gateway is unset and there is no Payments:Stripe:SecretKey: set the key to charge through Stripe, or Payments:Gateway=Simulated to confirm orders without taking money.");
        }

        // By name only: Enum.TryParse would also take "0" or "1".
        var name = Enum.GetNames<PaymentGatewayKind>().FirstOrDefault(n => n.Equals(configured.Trim(), StringComparison.OrdinalIgnoreCase));
        if (name is null)
            return new(null, $"Payments:Gateway '{configured}' is neither Stripe nor Simulated.");
        var kind = Enum.Parse<PaymentGatewayKind>(name);
        return kind == PaymentGatewayKind.Stripe && !hasKey
            ? new(null, "Payments:Gateway=Stripe needs Payments:Stripe:SecretKey.")
            : new(kind, null);
    }
}

/// <summary>Refuses start-up when <see cref="PaymentGatewaySelection"/> finds no gateway for this environment.</summary>
internal sealed class PaymentGatewayValidator(IHostEnvironment environment, IOptions<StripeOptions> stripe) : IValidateOptions<PaymentOptions>
{
    public ValidateOptionsResult Validate(string? name, PaymentOptions options) =>
        PaymentGatewaySelection.Choose(options.Gateway, stripe.Value.SecretKey, environment.IsDevelopment()).Refusal is { } refusal
            ? ValidateOptionsResult.Fail(refusal)
            : ValidateOptionsResult.Success;
}

/// <summary>Says at start, where nobody expects it, that orders are confirmed without taking money.</summary>
internal sealed partial class SimulatedPaymentsWarning(ILogger<SimulatedPaymentsWarning> logger) : IHostedService
{
    public const int EventId = 5001;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogSimulatedPayments(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = EventId, EventName = "SimulatedPayments", Level = LogLevel.Warning,
        Message = "Payments:Gateway=Simulated outside Development: orders are confirmed and no money is taken. Set Payments:Stripe:SecretKey to charge customers.")]
    private static partial void LogSimulatedPayments(ILogger logger);
}
