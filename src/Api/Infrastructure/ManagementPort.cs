using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace EShop.Api.Infrastructure;

/// <summary>
/// The <c>Management</c> section. Outside Development <c>/metrics</c> is served only on its own port, which the
/// ingress or load balancer does not publish, so the public port never shows runtime and traffic figures.
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
    /// On the management port: <c>/metrics</c> and nothing else; the API, OpenAPI and health stay on the main port.
    /// On the main port outside Development no <c>/metrics</c> endpoint exists, so it answers 404.
    /// </summary>
    public static WebApplication UseEShopManagementPort(this WebApplication app)
    {
        var port = app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value.Port;
        if (port == 0)
            return app;

        app.MapWhen(context => context.Connection.LocalPort == port, management =>
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
