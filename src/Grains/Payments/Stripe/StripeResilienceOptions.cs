using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EShop.Grains.Payments.Stripe;

/// <summary>
/// The <c>Payments:Stripe:Resilience</c> section: how one call to Stripe is timed out, retried and, when Stripe keeps
/// failing, cut off by a circuit breaker. Retries are safe because every call carries one Idempotency-Key: Stripe
/// answers a repeat with the first outcome. The ranges are Polly's own, so that a bad value stops the start.
/// </summary>
public sealed class StripeResilienceOptions
{
    public const string Section = "Payments:Stripe:Resilience";

    /// <summary>One call with all its attempts and the delays between them; at most <c>Payments:GatewayTimeout</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>One attempt; a slower answer is abandoned and the call retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt, on timeouts, network errors, 408, 409, 429 and 5xx only (never a decline).</summary>
    [Range(1, 10)]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>The first retry's delay; each further one doubles it, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The share of failed attempts within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts within <see cref="SamplingDuration"/> before the ratio counts at all.</summary>
    [Range(2, 100_000)]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window the failure ratio is measured over; at least twice <see cref="AttemptTimeout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses calls before one trial call may test Stripe again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>The rules between settings that Polly would otherwise only refuse at the first call.</summary>
internal sealed class StripeResilienceValidator(IOptions<PaymentOptions> payments) : IValidateOptions<StripeResilienceOptions>
{
    public ValidateOptionsResult Validate(string? name, StripeResilienceOptions options)
    {
        var failures = new List<string>();
        if (options.AttemptTimeout > options.TotalTimeout)
            failures.Add($"{StripeResilienceOptions.Section}:AttemptTimeout ({options.AttemptTimeout}) exceeds TotalTimeout ({options.TotalTimeout}).");
        if (options.SamplingDuration < options.AttemptTimeout * 2)
            failures.Add($"{StripeResilienceOptions.Section}:SamplingDuration ({options.SamplingDuration}) must be at least twice AttemptTimeout ({options.AttemptTimeout}).");

        // Past it the payment grain gives up on the call while the pipeline still retries it.
        if (GatewayTimeout() is { } gatewayTimeout && options.TotalTimeout > gatewayTimeout)
            failures.Add($"{StripeResilienceOptions.Section}:TotalTimeout ({options.TotalTimeout}) exceeds {PaymentOptions.Section}:GatewayTimeout ({gatewayTimeout}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Null when the payment options are refused themselves: their own validation says why, once.</summary>
    private TimeSpan? GatewayTimeout()
    {
        try
        {
            return payments.Value.GatewayTimeout;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}
