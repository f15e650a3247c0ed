using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EShop.Silo.Streaming.EventHubs;

/// <summary>
/// The event hub answers a new client's request for its properties within <see cref="Timeout"/>, without retries:
/// what a silo that starts or reconnects now would need. Registered behind a cache (<c>CachedHealthCheck</c>), so a
/// probe storm costs the namespace one connection every few seconds.
/// </summary>
public sealed class EventHubsHealthCheck(IOptions<EventHubsOptions> options) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var hub = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var client = new EventHubProducerClient(hub.ConnectionString, hub.EventHubName, new EventHubProducerClientOptions
            {
                RetryOptions = new EventHubsRetryOptions { MaximumRetries = 0, TryTimeout = Timeout },
            });
            var properties = await client.GetEventHubPropertiesAsync(timeout.Token);
            return HealthCheckResult.Healthy($"Event hub {properties.Name} answers ({properties.PartitionIds.Length} partitions)");
        }
        catch (Exception error) when (error is EventHubsException or OperationCanceledException or TimeoutException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy($"Event hub {hub.EventHubName} does not answer.", error);
        }
    }
}
