using EShop.Grains;
using EShop.Grains.Payments;
using EShop.Silo.Hosting;

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
            builder.UseOrleansClient(client => client
                .UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId)
                .AddActivityPropagation());

            // The Api checks payment methods and verifies webhooks itself; co-hosted, the silo registers these.
            builder.Services.AddPayments(builder.Configuration);
        }

        builder.Services.AddSingleton(ShopClock.System);
        return builder;
    }
}
