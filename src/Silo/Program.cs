using EShop.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using EShop.Hosting;

namespace EShop.Silo;

/// <summary>
/// A standalone silo: the Api joins it with Orleans:Mode=Client. It serves only /metrics, /health/live,
/// /health/ready and the Orleans dashboard (/dashboard) over HTTP, a port for probes and operators, never the public.
/// </summary>
public static class Program
{
    /// <summary>Where the silo's HTTP listens unless <c>--urls</c> or <c>ASPNETCORE_HTTP_PORTS</c> say otherwise (the Api has 5000).</summary>
    public const string DefaultUrl = "http://localhost:8081";

    public static async Task<int> Main(string[] args)
    {
        if (HealthProbe.IsProbe(args, out var probe))
            return await HealthProbe.RunAsync(probe);

        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
            builder.WebHost.UseUrls(DefaultUrl);

        // The silo ships no appsettings file (the Api, which references this project, has its own): quiet
        // defaults here, overridable through Logging__LogLevel__* environment variables.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning);
        builder.AddEShopTelemetry("eshop-silo").WithMetrics(metrics => metrics.AddPrometheusExporter());
        builder.Services.AddSiloHealthChecks();
        builder.UseOrleans(silo => silo.AddEShopSilo(builder.Configuration, builder.Environment));

        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        app.MapSiloHealthChecks();
        if (SiloDashboard.Enabled(app.Configuration))
            app.MapEShopDashboard();
        return await app.RunOrRefuseAsync();
    }
}
