using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using EShop.Hosting;
using Orleans.Runtime;

namespace EShop.Silo.Hosting;

/// <summary>
/// The standalone silo's probes: /health/live (the process answers) and /health/ready (this silo is Active in the
/// cluster's membership: it has joined, and has not begun to shut down or been declared dead). An orchestrator sends
/// no traffic to a silo before it is ready and restarts one that stops answering. With Kafka streams, ready also
/// needs the brokers to answer (the check is added where the streams are wired, so a co-hosting Api has it too).
/// </summary>
public static class SiloHealth
{
    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<SiloActiveCheck>("silo-active", tags: [HealthTags.Ready]);
        return services;
    }

    public static WebApplication MapSiloHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) });
        return app;
    }

    private sealed class SiloActiveCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
            return Task.FromResult(status == SiloStatus.Active
                ? HealthCheckResult.Healthy($"{silo.Name} is active")
                : HealthCheckResult.Unhealthy($"{silo.Name} is {status}"));
        }
    }
}
