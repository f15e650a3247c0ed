using EShop.Hosting;
using EShop.Silo.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Streaming.EventHubs.Testing;
using Orleans.Streams;

namespace EShop.Silo.Streaming.EventHubs;

public static class EventHubsStreamingHosting
{
    /// <summary>
    /// <c>Orleans:Streams=EventHubs</c>: Orleans' own Event Hubs provider named <paramref name="name"/>, configured from
    /// the <c>EventHubs</c> section (validated at start), carrying CloudEvents (<see cref="CloudEventHubDataAdapter"/>),
    /// implicit subscriptions only, read positions in PostgreSQL (<see cref="PostgresStreamCheckpointerFactory"/>; with
    /// memory storage none are kept and a restarted silo reads from the partition's end).
    /// </summary>
    public static ISiloBuilder AddEventHubsStreams(this ISiloBuilder silo, IConfiguration configuration, string name)
    {
        silo.Services.AddOptions<EventHubsOptions>()
            .Bind(configuration.GetSection(EventHubsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        silo.Services.AddHealthChecks().AddCachedReadyCheck<EventHubsHealthCheck>("eventhubs");
        var durable = EShopOrleansOptions.From(configuration).Storage == StorageKind.Postgres;
        silo.AddEventHubStreams(name, stream =>
        {
            stream.ConfigureEventHub(hub => hub.Configure<IOptions<EventHubsOptions>>((options, shop) =>
                options.ConfigureEventHubConnection(shop.Value.ConnectionString, shop.Value.EventHubName, shop.Value.ConsumerGroup)));
            stream.UseDataAdapter((services, _) => ActivatorUtilities.CreateInstance<CloudEventHubDataAdapter>(services));
            stream.ConfigureCheckpointer<EventHubsOptions>(
                (services, provider) => durable
                    ? new PostgresStreamCheckpointerFactory(provider, services.GetRequiredService<IOptions<EventHubsOptions>>().Value,
                        services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<GroupCommits>(), services.GetRequiredService<ShopDatabases>())
                    : NoOpCheckpointerFactory.Instance,
                _ => { });
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
        });
        return silo;
    }
}
