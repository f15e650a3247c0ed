using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EShop.Hosting;

/// <summary>OpenTelemetry shared by the silo and the Api: Orleans and EShop meters, and spans when OTLP is set.</summary>
public static class TelemetrySetup
{
    /// <summary>Every EShop ActivitySource and Meter is named under this prefix.</summary>
    public const string Prefix = "EShop";

    /// <summary>True pushes metrics over OTLP as well as serving them on /metrics.</summary>
    public const string OtlpMetricsKey = "Telemetry:OtlpMetrics";

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
            .WithMetrics(metrics => metrics.AddRuntimeInstrumentation().AddMeter("Microsoft.Orleans", "Npgsql", $"{Prefix}.*"));
        if (ExportsOverOtlp(builder.Configuration))
        {
            // Traces and logs go to the collector (docker/otel-collector), which sends them on to Jaeger and Loki; a log
            // written inside a span carries its trace and span ids. Metrics are scraped from /metrics (Prometheus sees
            // each instance, and `up` says when one is gone), so pushing them too would count everything twice:
            // Telemetry:OtlpMetrics=true pushes them instead, for a deployment that does not scrape.
            telemetry
                .WithTracing(tracing => tracing.AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", $"{Prefix}.*").AddOtlpExporter())
                .WithLogging(logging => logging.AddOtlpExporter(), options => options.IncludeScopes = true);
            if (builder.Configuration.GetValue(OtlpMetricsKey, false))
                telemetry.WithMetrics(metrics => metrics.AddOtlpExporter());
        }

        return telemetry;
    }
}
