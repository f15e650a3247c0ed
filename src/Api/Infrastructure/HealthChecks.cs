using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using EShop.Hosting;

namespace EShop.Api.Infrastructure;

public static class HealthChecks
{
    /// <summary>
    /// The cluster, and PostgreSQL with <c>Orleans:Storage=Postgres</c>. A co-hosted silo adds its stream broker's
    /// check (Kafka) where it wires the streams; a client Api has no broker client and leaves the broker to the silos'
    /// own readiness (docs/operations.md, Health).
    /// </summary>
    public static IServiceCollection AddEShopHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks().AddCachedReadyCheck<ClusterHealthCheck>("orleans-cluster");
        if (EShopOrleansOptions.From(configuration).Storage == StorageKind.Postgres)
        {
            var databases = ShopDatabases.From(configuration).Distinct.ToList();
            checks.AddCachedReadyCheck("postgres", _ => new PostgresHealthCheck(databases));
        }

        return services;
    }

    public static void MapEShopHealthChecks(this WebApplication app)
    {
        // Live: the process answers. Ready: the cluster, storage and broker answer; never the tracing or log backends.
        // Neither is retried nor has its grain calls cut short: a probe reports what it finds, within its own timeouts.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithoutReadRetry();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) }).WithoutReadRetry();
    }
}

internal sealed class ClusterHealthCheck(IClusterClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)")
                : HealthCheckResult.Unhealthy("No active silo.");
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The Orleans cluster does not answer.", ex);
        }
    }
}

/// <summary>Every database the shop uses answers a trivial query within a few seconds.</summary>
internal sealed class PostgresHealthCheck(IReadOnlyList<string> connectionStrings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (var connectionString in connectionStrings)
            {
                await using var connection = new NpgsqlConnection(connectionString);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await connection.OpenAsync(timeout.Token);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(timeout.Token);
            }

            return HealthCheckResult.Healthy($"{connectionStrings.Count} database(s) answer");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", ex);
        }
    }
}
