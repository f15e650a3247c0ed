using EShop.Grains.Abstractions.Common;
using EShop.Silo.Hosting;
using EShop.Silo.Persistence;
using Orleans.Configuration;

namespace EShop.Api.Hosting;

public static class OrleansHosting
{
    /// <summary>Co-hosts a silo (the default) or joins an external cluster as a client, per <c>Orleans:Mode</c>.</summary>
    public static WebApplicationBuilder AddEShopOrleans(this WebApplicationBuilder builder)
    {
        var options = EShopOrleansOptions.From(builder.Configuration);
        if (options.Mode == OrleansMode.CoHosted)
        {
            builder.UseOrleans(silo => silo.AddEShopSilo(builder.Configuration, builder.Environment));
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
                }

                client.AddActivityPropagation();
            });

            // No payment services: the silos check payment methods and verify webhooks (IPaymentMethodsGrain,
            // IStripeWebhookGrain), so a client Api needs neither the gateway's library nor its settings.
        }

        builder.Services.AddSingleton(ShopClock.System);
        return builder;
    }
}
