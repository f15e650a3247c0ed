using System.Net;
using EShop.Grains;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Carts;
using EShop.Grains.Events;
using EShop.Grains.Inventory;
using EShop.Grains.Notifications;
using EShop.Grains.Orders;
using EShop.Grains.Payments;
using EShop.Grains.Users;
using EShop.Silo.Persistence;
using EShop.Silo.Persistence.GrainState;
using EShop.Silo.Seeding;
using EShop.Silo.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using EShop.Hosting;

namespace EShop.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>Configures a whole EShop silo from the <c>Orleans</c> section: clustering, then everything else.</summary>
    public static ISiloBuilder AddEShopSilo(this ISiloBuilder silo, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = EShopOrleansOptions.From(configuration);
        if (options.Storage == StorageKind.Memory)
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }
        else
        {
            silo.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
            if (options.Kubernetes)
            {
                silo.Configure<EndpointOptions>(endpoints => (endpoints.SiloPort, endpoints.GatewayPort) = (options.SiloPort, options.GatewayPort));
                silo.UseKubernetesHosting();
            }
            else if (options.AdvertisedIPAddress is { } address)
                silo.ConfigureEndpoints(IPAddress.Parse(address), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            else
                silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            silo.UsePostgresClustering(configuration);

            // Multi-process clusters: find a dead silo in seconds, not a minute (FailoverOptions).
            var failover = FailoverOptions.From(configuration);
            silo.Configure<ClusterMembershipOptions>(failover.ApplyTo);
            silo.Configure<ConnectionOptions>(connections => connections.OpenConnectionTimeout = failover.OpenConnectionTimeout);
        }

        if (SiloDashboard.Enabled(configuration))
            silo.AddEShopDashboard();
        return silo.AddEShopProviders(configuration, environment);
    }

    /// <summary>Storage per bounded context, reminders, streams, telemetry and the shop's services; no clustering,
    /// so that test clusters can bring their own.</summary>
    public static ISiloBuilder AddEShopProviders(this ISiloBuilder silo, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = EShopOrleansOptions.From(configuration);
        if (options.Storage == StorageKind.Postgres)
        {
            silo.AddPostgresPersistence(configuration);
        }
        else
        {
            silo.AddMemoryGrainState();
            silo.UseInMemoryReminderService();
        }

        // Reminders tick at least this often apart; tests lower it to drive sagas and sweeps within seconds.
        silo.Services.Configure<ReminderOptions>(reminders =>
            reminders.MinimumReminderPeriod = configuration.GetValue("Orleans:MinimumReminderPeriod", TimeSpan.FromMinutes(1)));
        silo.AddEShopStreams(configuration, environment);
        silo.AddActivityPropagation();

        var services = silo.Services;
        services.TryAddSingleton(ShopClock.System);
        services.AddUsers(configuration);
        services.AddOptions<InventoryOptions>()
            .Bind(configuration.GetSection(InventoryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<InventoryMetrics>();
        services.AddCarts(configuration);
        services.AddPayments(configuration, environment);
        services.AddOrders(configuration);
        services.AddOutbox(configuration);
        services.AddNotifications(configuration);
        services.AddSingleton(options);
        services.AddHostedService<ProviderReport>();
        services.AddDemoSeeding(configuration, environment);
        CachedGrainFactory.Decorate(services);
        return silo;
    }
}
