using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using EShop.Hosting;

namespace EShop.Api.Infrastructure;

public static class Telemetry
{
    /// <summary>The silo's telemetry plus HTTP: server and client instrumentation, Prometheus on /metrics.</summary>
    public static WebApplicationBuilder AddEShopTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.AddEShopTelemetry("eshop-api")
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());
        if (TelemetrySetup.ExportsOverOtlp(builder.Configuration))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperational(context.Request.Path))
                .AddHttpClientInstrumentation());
        }

        return builder;
    }

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
