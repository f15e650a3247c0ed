using System.ComponentModel.DataAnnotations;

namespace EShop.Grains.Payments;

/// <summary>The <c>Payments:Stripe</c> section; the Stripe gateway is used when SecretKey is set.</summary>
public sealed class StripeOptions
{
    public const string Section = "Payments:Stripe";

    public string? SecretKey { get; set; }

    /// <summary>The endpoint secret (whsec_...) that signs webhooks.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Overrides https://api.stripe.com (tests point it at a local fake).</summary>
    public string? ApiBase { get; set; }

    /// <summary>Webhooks older than this are refused (replay protection).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The <c>Payments:Simulated</c> section: the gateway of Development, answering like Stripe test mode.</summary>
public sealed class SimulatedGatewayOptions
{
    public const string Section = "Payments:Simulated";

    /// <summary>Time each gateway call takes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Share of calls that fail as a network error would (0..1), for resilience tests and load runs.</summary>
    [Range(0.0, 1.0)]
    public double FailureRate { get; set; }
}

/// <summary>The <c>Payments</c> section: how the payment grain treats its gateway.</summary>
public sealed class PaymentOptions
{
    public const string Section = "Payments";

    /// <summary>
    /// <c>Stripe</c> or <c>Simulated</c>. Unset: Stripe when <c>Payments:Stripe:SecretKey</c> is set, else Simulated
    /// in Development; outside it start-up is refused (see <see cref="PaymentGatewaySelection"/>).
    /// </summary>
    public string? Gateway { get; set; }

    /// <summary>A gateway call taking longer is abandoned and retried later with the same idempotency key.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan GatewayTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a refund that failed is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMinutes(1);
}
