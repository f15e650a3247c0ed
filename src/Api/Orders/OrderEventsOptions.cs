using System.ComponentModel.DataAnnotations;
using EShop.Grains.Abstractions.Orders;
using Microsoft.Extensions.Options;

namespace EShop.Api.Orders;

/// <summary>The <c>OrderEvents</c> section: the live order status streams (GET /api/orders/{orderId}/events).</summary>
public sealed class OrderEventsOptions
{
    public const string Section = "OrderEvents";

    /// <summary>How often an open stream gets a <c>:</c> comment, so that proxies and clients see it alive; the contract says at most 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:15")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often this process renews its registration with each watched order (and catches up on the order it answers):
    /// well inside <see cref="OrderTimeline.WatcherExpiry"/>, after which an order grain forgets a watcher.
    /// </summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(60);
}

internal sealed class OrderEventsOptionsValidator : IValidateOptions<OrderEventsOptions>
{
    public ValidateOptionsResult Validate(string? name, OrderEventsOptions options) =>
        options.RenewInterval < TimeSpan.FromMilliseconds(50) || options.RenewInterval > OrderTimeline.WatcherExpiry / 2
            ? ValidateOptionsResult.Fail($"{OrderEventsOptions.Section}:RenewInterval must be between 50 ms and {OrderTimeline.WatcherExpiry / 2} (half the order grains' watcher expiry).")
            : ValidateOptionsResult.Success;
}

public static class OrderEventsSetup
{
    public static IServiceCollection AddEShopOrderEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrderEventsOptions>()
            .Bind(configuration.GetSection(OrderEventsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OrderEventsOptions>, OrderEventsOptionsValidator>();
        services.AddSingleton<OrderWatchHub>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderWatchHub>());
        return services;
    }
}
