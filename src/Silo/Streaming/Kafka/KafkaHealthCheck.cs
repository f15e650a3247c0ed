using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// The brokers answer a metadata request from a new client within <see cref="Timeout"/>: what a silo that starts or
/// reconnects now would need. Registered behind a cache (<c>CachedHealthCheck</c>), so a probe storm costs the
/// brokers one request every few seconds; the request blocks, and the cache runs it off the request thread.
/// </summary>
internal sealed class KafkaHealthCheck(KafkaClients clients) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var admin = clients.CreateAdminClient();
            var brokers = admin.GetMetadata(Timeout).Brokers.Count;
            return Task.FromResult(brokers > 0
                ? HealthCheckResult.Healthy($"{brokers} Kafka broker(s) answer")
                : HealthCheckResult.Unhealthy("The Kafka cluster lists no broker."));
        }
        catch (KafkaException error)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The Kafka brokers do not answer: {error.Error.Code}.", error));
        }
    }
}
