using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace EShop.Api.Infrastructure;

/// <summary>
/// The <c>Management</c> section. Outside Development <c>/metrics</c> and the Orleans dashboard are served only on
/// their own port, which the ingress or load balancer does not publish, so the public port never shows runtime and
/// traffic figures.
/// </summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>The Prometheus exporters' customary port (the standalone silo already uses 8081).</summary>
    public const int DefaultPort = 9464;

    /// <summary>The management port; 0 serves <c>/metrics</c> on the main port (Development's default).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = DefaultPort;

    public static ManagementOptions From(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = new ManagementOptions();
        ApplyDefaults(options, environment);
        configuration.GetSection(Section).Bind(options);
        return options;
    }

    internal static void ApplyDefaults(ManagementOptions options, IHostEnvironment environment) =>
        options.Port = environment.IsDevelopment() ? 0 : DefaultPort;
}

public static class ManagementPort
{
    /// <summary>Binds the management port next to the public addresses (<c>--urls</c>, <c>ASPNETCORE_HTTP_PORTS</c>, or Kestrel's default).</summary>
    public static WebApplicationBuilder AddEShopManagementPort(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ManagementOptions>()
            .Configure(options => ManagementOptions.ApplyDefaults(options, builder.Environment))
            .Bind(builder.Configuration.GetSection(ManagementOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var port = ManagementOptions.From(builder.Configuration, builder.Environment).Port;
        if (port is > 0 and <= 65535)
        {
            // Kestrel listens on configured URLs only while no endpoint is set in code, so the management address
            // joins the URL list instead of a Listen call that would silently drop the public addresses.
            var urls = PublicUrls(builder.Configuration);
            if (urls.Any(url => BindingAddress.Parse(url).Port == port))
                throw new InvalidOperationException($"{ManagementOptions.Section}:Port {port} is also a public port; pick another one (or 0 to serve /metrics on the main port).");
            builder.WebHost.UseUrls([.. urls, string.Create(CultureInfo.InvariantCulture, $"http://*:{port}")]);
        }

        return builder;
    }

    /// <summary>
    /// On the management port: <c>/metrics</c> and the endpoints marked <see cref="RequireManagementPort{TBuilder}"/>,
    /// nothing else; the API, OpenAPI and health stay on the main port. On the main port outside Development no
    /// <c>/metrics</c> endpoint exists, and the marked endpoints answer 404 as if they did not exist either.
    /// </summary>
    public static WebApplication UseEShopManagementPort(this WebApplication app)
    {
        var port = app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value.Port;
        if (port == 0)
            return app;

        // WebApplication routes before the first middleware, so the endpoint is known here.
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort == port || context.GetEndpoint()?.Metadata.GetMetadata<ManagementEndpoint>() is null)
                return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        app.MapWhen(context => context.Connection.LocalPort == port && context.GetEndpoint()?.Metadata.GetMetadata<ManagementEndpoint>() is null, management =>
        {
            management.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == "/metrics");
            management.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
        return app;
    }

    /// <summary>Serves the endpoints on the management port only (on the main port where it is 0, as in Development).</summary>
    public static TBuilder RequireManagementPort<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.WithMetadata(ManagementEndpoint.Instance);

    public static bool ServesMetricsOnMainPort(this WebApplication app) =>
        app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value.Port == 0;

    private static string[] PublicUrls(ConfigurationManager configuration)
    {
        if (Split(configuration[WebHostDefaults.ServerUrlsKey]) is { Length: > 0 } urls)
            return urls;
        string[] ports =
        [
            .. Split(configuration[WebHostDefaults.HttpPortsKey]).Select(p => $"http://*:{p}"),
            .. Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(p => $"https://*:{p}"),
        ];
        return ports.Length > 0 ? ports : ["http://localhost:5000"];
    }

    private static string[] Split(string? list) =>
        list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}

/// <summary>Marks an endpoint served on the management port only.</summary>
internal sealed class ManagementEndpoint
{
    public static readonly ManagementEndpoint Instance = new();

    private ManagementEndpoint()
    {
    }
}
