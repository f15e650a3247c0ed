using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace EShop.Api.Infrastructure;

/// <summary>
/// The <c>ForwardedHeaders</c> section: the TLS-terminating proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. Loopback is always trusted; anyone else's forwarded headers are ignored,
/// so a client cannot claim another address or pretend that its plain-HTTP request came over HTTPS.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c>.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks the proxies live in (CIDR), e.g. <c>10.0.0.0/8</c>.</summary>
    public IList<string> KnownNetworks { get; } = [];
}

internal sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        var wrong = options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)).Select(p => $"{ForwardedHeadersSettings.Section}:KnownProxies '{p}' is not an IP address.")
            .Concat(options.KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)).Select(n => $"{ForwardedHeadersSettings.Section}:KnownNetworks '{n}' is not a CIDR network such as 10.0.0.0/8."))
            .ToList();
        return wrong.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(wrong);
    }
}

public static class ProxySetup
{
    public static IServiceCollection AddEShopProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersSettings>()
            .Bind(configuration.GetSection(ForwardedHeadersSettings.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, ForwardedHeadersSettingsValidator>();

        // X-Forwarded-For must be on: the middleware checks the sender against the known proxies only for it.
        // X-Forwarded-Host stays off: the Host a client sent is not trusted to be rewritten.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in settings.Value.KnownProxies)
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in settings.Value.KnownNetworks)
                forwarded.KnownIPNetworks.Add(IPNetwork.Parse(network));
        });
        return services;
    }

    /// <summary>
    /// Outside Development: the proxy's view of the client (address, https) first, then HSTS, which answers only
    /// requests that arrived over HTTPS, directly or through a known proxy. Development runs on plain localhost.
    /// </summary>
    public static WebApplication UseEShopForwardedHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseForwardedHeaders();
        return app;
    }

    public static WebApplication UseEShopHsts(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        return app;
    }
}
