using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EShop.Hosting;

/// <summary>The tag of the checks behind <c>/health/ready</c>, in both hosts.</summary>
public static class HealthTags
{
    public const string Ready = "ready";
}

/// <summary>
/// A check that a probe storm cannot turn into load on the dependency: concurrent probes share the one check in
/// flight, which runs off the request thread; a healthy answer is reused for <see cref="HealthyFor"/>, any other for
/// <see cref="UnhealthyFor"/> (short, so that a recovery shows within a probe period). The wrapped check bounds
/// its own time (a few seconds); a probe that gives up earlier does not cancel it for the others.
/// </summary>
public sealed class CachedHealthCheck(IHealthCheck inner, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan HealthyFor = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan UnhealthyFor = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private Task<HealthCheckResult>? _running;
    private HealthCheckResult? _last;
    private long _lastAt;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_last is { } last && time.GetElapsedTime(_lastAt) < (last.Status == HealthStatus.Healthy ? HealthyFor : UnhealthyFor))
                return Task.FromResult(last);

            // Task.Run: never completes inside this lock, and a check that blocks (librdkafka's metadata request
            // does) holds a pool thread, not the probe's.
            _running ??= Task.Run(() => RunAsync(context), CancellationToken.None);
            return _running.WaitAsync(cancellationToken);
        }
    }

    private async Task<HealthCheckResult> RunAsync(HealthCheckContext context)
    {
        HealthCheckResult result;
        try
        {
            result = await inner.CheckHealthAsync(context, CancellationToken.None);
        }
#pragma warning disable CA1031 // A check that throws reports the failure, as the health check service would.
        catch (Exception error)
#pragma warning restore CA1031
        {
            result = new HealthCheckResult(context.Registration.FailureStatus, error.Message, error);
        }

        lock (_gate)
        {
            (_last, _lastAt, _running) = (result, time.GetTimestamp(), null);
        }

        return result;
    }
}

public static class CachedHealthChecks
{
    /// <summary>Adds <typeparamref name="T"/> (built once, from the container) behind a <see cref="CachedHealthCheck"/>, tagged ready.</summary>
    public static IHealthChecksBuilder AddCachedReadyCheck<T>(this IHealthChecksBuilder builder, string name)
        where T : class, IHealthCheck =>
        builder.AddCachedReadyCheck(name, services => ActivatorUtilities.CreateInstance<T>(services));

    /// <summary>Adds the check <paramref name="create"/> builds (once) behind a <see cref="CachedHealthCheck"/>, tagged ready.</summary>
    public static IHealthChecksBuilder AddCachedReadyCheck(this IHealthChecksBuilder builder, string name, Func<IServiceProvider, IHealthCheck> create)
    {
        // One cache per registration; the health check service asks the factory on every run.
        CachedHealthCheck? cached = null;
        var gate = new Lock();
        return builder.Add(new HealthCheckRegistration(
            name,
            services =>
            {
                lock (gate)
                    return cached ??= new CachedHealthCheck(create(services), TimeProvider.System);
            },
            failureStatus: null,
            tags: [HealthTags.Ready]));
    }
}
