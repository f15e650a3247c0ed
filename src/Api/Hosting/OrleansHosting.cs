using EShop.Grains.Abstractions.Common;
using EShop.Api.Infrastructure;
using EShop.Hosting;
using Orleans.Configuration;
#if !CLIENT_ONLY
using EShop.Silo.Hosting;
#endif

namespace EShop.Api.Hosting;

public static class OrleansHosting
{
    /// <summary>Co-hosts a silo (the default) or joins an external cluster as a client, per <c>Orleans:Mode</c>.</summary>
    public static WebApplicationBuilder AddEShopOrleans(this WebApplicationBuilder builder)
    {
        var options = EShopOrleansOptions.From(builder.Configuration);
        if (options.Mode == OrleansMode.CoHosted && CoHost(builder))
        {
            // The silo is in this process.
        }
        else
        {
            builder.UseOrleansClient(client =>
            {
                // Memory storage: the one local silo's gateway. Postgres: the gateways the membership table lists.
                if (options.Storage == StorageKind.Memory)
                {
                    client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
                }
                else
                {
                    client.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
                    client.UsePostgresClustering(builder.Configuration);

                    // A dead gateway is dropped within seconds, and a call lost with its silo gives up sooner.
                    var failover = FailoverOptions.From(builder.Configuration);
                    client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = failover.GatewayListRefreshPeriod);
                    client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = failover.ClientResponseTimeout);
                    client.Configure<ConnectionOptions>(connections => connections.OpenConnectionTimeout = failover.OpenConnectionTimeout);
                }

                client.AddActivityPropagation();
            });

            // No payment services: the silos check payment methods and verify webhooks (IPaymentMethodsGrain,
            // IStripeWebhookGrain), so a client Api needs neither the gateway's library nor its settings.
        }

        builder.Services.AddSingleton(ShopClock.System);
        return builder;
    }

    /// <summary>
    /// The co-hosted silo's Orleans dashboard under <c>/dashboard</c>, on the management port only. A client Api
    /// serves none: the package is silo-side, and the silos serve it on their own HTTP port.
    /// </summary>
    public static WebApplication MapCoHostedDashboard(this WebApplication app)
    {
#if !CLIENT_ONLY
        if (EShopOrleansOptions.From(app.Configuration).Mode == OrleansMode.CoHosted && SiloDashboard.Enabled(app.Configuration))
            app.MapEShopDashboard().RequireManagementPort();
#endif
        return app;
    }

    /// <summary>Hosts the silo in this process; a client-only build cannot, and refuses to start instead.</summary>
    private static bool CoHost(WebApplicationBuilder builder)
    {
#if CLIENT_ONLY
        builder.Services.AddOptions<EShopOrleansOptions>()
            .Validate(_ => false, "this build of the Api is client-only (published with -p:ClientOnly=true): set Orleans:Mode=Client and run silos (EShop.Silo)")
            .ValidateOnStart();
        return false;
#else
        builder.UseOrleans(silo => silo.AddEShopSilo(builder.Configuration, builder.Environment));
        return true;
#endif
    }
}
