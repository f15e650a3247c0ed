using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace EShop.Silo.Hosting;

/// <summary>
/// The standalone silo's probes: /health/live (the process answers) and /health/ready (this silo is Active in the
/// cluster's membership: it has joined, and has not begun to shut down or been declared dead). An orchestrator sends
/// no traffic to a silo before it is ready and restarts one that stops answering.
/// </summary>
public static class SiloHealth
{
    private const string Ready = "ready";

    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<SiloActiveCheck>("silo-active", tags: [Ready]);
        return services;
    }

    public static WebApplication MapSiloHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) });
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
