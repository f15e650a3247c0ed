using System.Diagnostics.Metrics;

namespace EShop.Api.Infrastructure;

/// <summary>
/// What <see cref="ReadRetry"/> does while the cluster fails over: every read it runs again, and how each read that
/// needed a retry ended. Instrument names are a contract with the dashboards and alerts (docs/operations.md).
/// </summary>
public sealed class ReadRetryMetrics
{
    public const string MeterName = "EShop.Api";

    private readonly Counter<long> _retries;
    private readonly Counter<long> _retried;

    public ReadRetryMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _retries = meter.CreateCounter<long>("eshop.api.read_retries", "{retry}",
            "GET or HEAD requests run again because their grain calls found the cluster failing over.");
        _retried = meter.CreateCounter<long>("eshop.api.retried_reads", "{request}",
            "GET or HEAD requests that needed at least one retry, by outcome: answered, or failed (the budget was spent, or a later attempt failed otherwise).");
    }

    /// <summary>One more run of a read; <paramref name="cause"/> is <c>attempt_timeout</c> or <c>cluster_unavailable</c>.</summary>
    public void Retry(string cause) => _retries.Add(1, new KeyValuePair<string, object?>("cause", cause));

    /// <summary>A read that was retried ended: <c>answered</c> (any status its handler chose) or <c>failed</c>.</summary>
    public void Ended(string outcome) => _retried.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
