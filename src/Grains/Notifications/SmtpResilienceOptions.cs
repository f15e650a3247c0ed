using System.ComponentModel.DataAnnotations;

namespace EShop.Grains.Notifications;

/// <summary>
/// The <c>Notifications:Smtp:Resilience</c> section: a time limit on one send and a circuit breaker around the SMTP
/// server. While the circuit is open a send fails at once, without a connection; the notification is retried the way
/// every failed one is (the event's redelivery). Ranges are Polly's own.
/// </summary>
public sealed class SmtpResilienceOptions
{
    public const string Section = "Notifications:Smtp:Resilience";

    /// <summary>One whole send: connect, authenticate, send, quit.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The share of failed sends within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Sends within <see cref="SamplingDuration"/> before the ratio counts at all.</summary>
    [Range(2, 100_000)]
    public int MinimumThroughput { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an open circuit refuses sends before one trial send may test the server again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
