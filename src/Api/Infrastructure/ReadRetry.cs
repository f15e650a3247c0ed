using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EShop.Api.Infrastructure;

/// <summary>
/// Runs a GET or HEAD again, after a growing pause and within <see cref="ReadRetryOptions.RetryBudget"/>, when its grain
/// calls found the cluster failing over (<see cref="ClusterUnavailable"/>, the abandoned calls of
/// <see cref="ReadAttemptTimeout"/> included): for the seconds until a dead silo is declared dead, Orleans rejects calls
/// to its grains without moving them. Only reads are run again, only before any byte of the answer is written, and never
/// a route marked <see cref="ReadRetrySetup.WithoutReadRetry{TBuilder}"/> (an event stream). Writes are not: one may
/// have been done, and its client retries it with its Idempotency-Key. When the budget is spent, or the client has gone,
/// the failure goes on to the exception handler (503 + Retry-After) as before.
/// </summary>
internal sealed partial class ReadRetry(RequestDelegate next, IOptions<ReadRetryOptions> options, ReadRetryMetrics metrics, ILogger<ReadRetry> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!Applies(context))
        {
            await next(context);
            return;
        }

        var settings = options.Value;
        var started = TimeProvider.System.GetTimestamp();
        var headers = context.Response.Headers.Count == 0 ? [] : context.Response.Headers.ToArray();
        var callTimeout = settings.AttemptTimeout;
        for (var retry = 1; ; retry++)
        {
            var delay = TimeSpan.Zero;
            using (ReadAttempt.Begin(callTimeout))
            {
                try
                {
                    await next(context);
                    if (retry > 1)
                        metrics.Ended("answered");
                    return;
                }
                catch (Exception exception) when (Retryable(context, exception) && Within(settings, retry, started, out delay))
                {
                    LogRetry(context, retry, delay, exception);
                    metrics.Retry(ExceptionChain.Any(exception, static e => e is ReadAttemptTimeoutException) ? "attempt_timeout" : "cluster_unavailable");
                }
                catch when (retry > 1)
                {
                    metrics.Ended("failed");
                    throw;
                }
            }

            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client went away during the pause: the read ends here, unanswered.
                metrics.Ended("failed");
                throw;
            }

            Reset(context.Response, headers);
            callTimeout = CallTimeout(settings, TimeProvider.System.GetElapsedTime(started));
        }
    }

    private static bool Applies(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && context.GetEndpoint() is { } endpoint
        && endpoint.Metadata.GetMetadata<NoReadRetry>() is null;

    // A database at its connection budget is shed at once (DatabaseBusy): a retry would only add to its load.
    private static bool Retryable(HttpContext context, Exception exception) =>
        !context.Response.HasStarted
        && !context.RequestAborted.IsCancellationRequested
        && ClusterUnavailable.Caused(exception)
        && !DatabaseBusy.Caused(exception);

    private static bool Within(ReadRetryOptions settings, int retry, long started, out TimeSpan delay)
    {
        delay = settings.DelayBefore(retry);
        return TimeProvider.System.GetElapsedTime(started) + delay < settings.RetryBudget;
    }

    private static void Reset(HttpResponse response, KeyValuePair<string, StringValues>[] headers)
    {
        response.Clear();
        foreach (var (name, value) in headers)
            response.Headers[name] = value;
    }

    /// <summary>A retry's calls wait no longer than the budget has left (but not for nothing: a pause may overrun).</summary>
    private static TimeSpan CallTimeout(ReadRetryOptions settings, TimeSpan elapsed)
    {
        var left = settings.RetryBudget - elapsed;
        return left >= settings.AttemptTimeout ? settings.AttemptTimeout : left >= settings.FirstRetryDelay ? left : settings.FirstRetryDelay;
    }

    private void LogRetry(HttpContext context, int retry, TimeSpan delay, Exception exception)
    {
        if (!logger.IsEnabled(LogLevel.Information))
            return;
        var failure = exception.GetType().Name;
        LogRetry(logger, context.Request.Method, context.Request.Path.Value ?? "/", retry, (long)delay.TotalMilliseconds, failure);
    }

    // Expected for a few seconds after a silo dies, and answered in the end: Information, not Warning.
    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Retry {Retry} of {Method} {Path} in {DelayMs} ms: the cluster is failing over ({Exception})")]
    private static partial void LogRetry(ILogger logger, string method, string path, int retry, long delayMs, string exception);
}

/// <summary>Endpoint metadata: the route is not retried (<see cref="ReadRetrySetup.WithoutReadRetry{TBuilder}"/>).</summary>
internal sealed class NoReadRetry
{
    public static readonly NoReadRetry Instance = new();
}

public static class ReadRetrySetup
{
    public static IServiceCollection AddEShopReadRetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReadRetryOptions>()
            .Bind(configuration.GetSection(ReadRetryOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReadRetryOptions>, ReadRetryOptionsValidator>();
        services.AddSingleton<IOutgoingGrainCallFilter, ReadAttemptTimeout>();
        services.AddSingleton<ReadRetryMetrics>();
        return services;
    }

    /// <summary>Last before the endpoints: a retry runs the handler again, not authentication or rate limits.</summary>
    public static WebApplication UseEShopReadRetry(this WebApplication app)
    {
        app.UseMiddleware<ReadRetry>();
        return app;
    }

    /// <summary>Keeps a route's reads from being run again or having their grain calls cut short (an event stream).</summary>
    public static TBuilder WithoutReadRetry<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(NoReadRetry.Instance);
}
