using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EShop.Hosting;

/// <summary>OpenTelemetry shared by the silo and the Api: Orleans and EShop meters, and spans when OTLP is set.</summary>
public static class TelemetrySetup
{
    /// <summary>Every EShop ActivitySource and Meter is named under this prefix.</summary>
    public const string Prefix = "EShop";

    /// <summary>
    /// Spans are recorded only when they have somewhere to go (Jaeger takes OTLP): recording every request and
    /// grain call for nobody cost a fifth of the catalog read throughput. Sampling follows OTEL_TRACES_SAMPLER.
    /// Without an exporter the W3C trace context still flows through grain calls (activity propagation).
    /// </summary>
    public static bool ExportsOverOtlp(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static OpenTelemetryBuilder AddEShopTelemetry(this IHostApplicationBuilder builder, string defaultServiceName)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? defaultServiceName))
            .WithMetrics(metrics => metrics.AddRuntimeInstrumentation().AddMeter("Microsoft.Orleans", $"{Prefix}.*"));
        if (ExportsOverOtlp(builder.Configuration))
        {
            telemetry
                .WithTracing(tracing => tracing.AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", $"{Prefix}.*"))
                .UseOtlpExporter();
        }

        return telemetry;
    }
}
