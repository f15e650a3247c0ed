using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace EShop.Grains.Payments.Stripe;

/// <summary>
/// The HttpClient Stripe.net sends through: the standard resilience handler (total timeout, retries with exponential
/// jittered backoff, circuit breaker, attempt timeout) set from <see cref="StripeResilienceOptions"/>. Stripe.net's own
/// retries are off, so attempts are not multiplied; a retry re-sends the same request, Idempotency-Key included.
/// </summary>
public static partial class StripeHttp
{
    public const string ClientName = "stripe";

    /// <summary>Stripe's word on whether a repeat can help; it overrides the status code when present.</summary>
    private const string ShouldRetryHeader = "Stripe-Should-Retry";

    public static IHttpClientBuilder AddStripeHttpClient(this IServiceCollection services)
    {
        var client = services.AddHttpClient(ClientName)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan) // the pipeline owns every timeout
            // One long-lived client in the gateway: connections are recycled instead of the handler, so DNS changes
            // are seen while the circuit breaker, which lives with the pipeline, keeps its state.
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        var pipeline = client.AddStandardResilienceHandler().Configure((options, provider) =>
        {
            if (Settings(provider) is { } settings)
                Apply(options, settings, provider.GetRequiredService<PaymentGatewayMetrics>(), provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StripeHttp)));
        });

        // The library's own rules too, at start rather than at the first charge.
        services.AddOptions<HttpStandardResilienceOptions>(pipeline.PipelineName).ValidateOnStart();
        return client;
    }

    /// <summary>Null when the settings are refused: their own validation says why, once, and the start stops.</summary>
    private static StripeResilienceOptions? Settings(IServiceProvider provider)
    {
        try
        {
            return provider.GetRequiredService<IOptions<StripeResilienceOptions>>().Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    private static void Apply(HttpStandardResilienceOptions options, StripeResilienceOptions settings, PaymentGatewayMetrics metrics, ILogger logger)
    {
        options.TotalRequestTimeout.Timeout = settings.TotalTimeout;
        options.AttemptTimeout.Timeout = settings.AttemptTimeout;

        options.Retry.MaxRetryAttempts = settings.MaxRetryAttempts;
        options.Retry.BackoffType = DelayBackoffType.Exponential;
        options.Retry.UseJitter = true;
        options.Retry.Delay = settings.RetryBaseDelay;
        options.Retry.MaxDelay = settings.RetryMaxDelay;
        options.Retry.ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome));

        var breaker = options.CircuitBreaker;
        breaker.FailureRatio = settings.FailureRatio;
        breaker.MinimumThroughput = settings.MinimumThroughput;
        breaker.SamplingDuration = settings.SamplingDuration;
        breaker.BreakDuration = settings.BreakDuration;
        breaker.OnOpened = args =>
        {
            metrics.CircuitChanged(GatewayCircuit.Open);
            LogOpened(logger, args.BreakDuration, Describe(args.Outcome));
            return default;
        };
        breaker.OnHalfOpened = _ =>
        {
            metrics.CircuitChanged(GatewayCircuit.HalfOpen);
            return default;
        };
        breaker.OnClosed = _ =>
        {
            metrics.CircuitChanged(GatewayCircuit.Closed);
            LogClosed(logger);
            return default;
        };
    }

    /// <summary>
    /// Transient failures (network, timeouts, 408, 429, 5xx) and 409 (a concurrent request holds the same key), as
    /// Stripe.net retried them, unless Stripe says otherwise. A 402 card error or any other 4xx is an answer.
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result?.Headers.TryGetValues(ShouldRetryHeader, out var values) == true)
        {
            var advice = values.FirstOrDefault();
            if (advice is "true" or "false")
                return advice == "true";
        }

        return HttpClientResiliencePredicates.IsTransient(outcome)
            || outcome.Result?.StatusCode == HttpStatusCode.Conflict;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception?.GetType().Name ?? $"HTTP {(int?)outcome.Result?.StatusCode}";

    [LoggerMessage(EventId = 4301, EventName = "StripeCircuitOpened", Level = LogLevel.Warning,
        Message = "Stripe circuit opened for {BreakDuration} after too many failures (last: {LastFailure}); payments wait in Processing and their orders retry on their tick")]
    private static partial void LogOpened(ILogger logger, TimeSpan breakDuration, string lastFailure);

    [LoggerMessage(EventId = 4302, EventName = "StripeCircuitClosed", Level = LogLevel.Information, Message = "Stripe circuit closed: calls go through again")]
    private static partial void LogClosed(ILogger logger);
}
