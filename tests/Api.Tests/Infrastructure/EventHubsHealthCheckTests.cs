using System.Diagnostics;
using EShop.Hosting;
using EShop.Silo.Streaming.EventHubs;
using EShop.Tests.Shared;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>The Event Hubs readiness check with a real client. No Event Hubs here: only the unreachable case runs.</summary>
public sealed class EventHubsHealthCheckTests
{
    [Fact]
    public async Task An_unreachable_event_hub_is_unhealthy_within_a_few_seconds()
    {
        var port = FreePorts.Take(1)[0];
        var check = new EventHubsHealthCheck(Options.Create(new EventHubsOptions
        {
            ConnectionString = $"Endpoint=sb://127.0.0.1:{port};SharedAccessKeyName=probe;SharedAccessKey=c2VjcmV0;UseDevelopmentEmulator=true",
            EventHubName = "eshop-events",
        }));
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("eventhubs", check, HealthStatus.Unhealthy, [HealthTags.Ready]) };
        var watch = Stopwatch.StartNew();

        var result = await check.CheckHealthAsync(context, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }
}
