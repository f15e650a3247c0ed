using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace EShop.Silo.Hosting;

/// <summary>
/// The Orleans dashboard, for operators: grain activations and call rates, silos, reminders. Every silo collects
/// its share (<see cref="AddEShopDashboard"/>); a host that maps the UI (<see cref="MapEShopDashboard"/>) serves it
/// under <see cref="Path"/> on a port the public does not reach: the standalone silo's HTTP port, the co-hosted
/// Api's management port.
/// </summary>
public static class SiloDashboard
{
    public const string Path = "/dashboard";

    /// <summary>False leaves the dashboard out: no collection (it times every grain call) and no UI.</summary>
    public const string EnabledKey = "Orleans:Dashboard";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue(EnabledKey, true);

    /// <summary>The dashboard's grains and counters. No live log stream: logs can carry customers' data, and they go to the log backend.</summary>
    public static ISiloBuilder AddEShopDashboard(this ISiloBuilder silo) =>
        silo.AddDashboard(options => options.HideTrace = true);

    /// <summary>The UI and its data endpoints under <see cref="Path"/>, outside the OpenAPI document.</summary>
    public static IEndpointConventionBuilder MapEShopDashboard(this IEndpointRouteBuilder app) =>
        app.MapOrleansDashboard(Path).ExcludeFromDescription();
}
