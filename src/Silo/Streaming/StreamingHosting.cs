using EShop.Grains;
using EShop.Silo.Hosting;
using EShop.Silo.Streaming.EventHubs;
using EShop.Silo.Streaming.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Streams;
using EShop.Hosting;

namespace EShop.Silo.Streaming;

public static class StreamingHosting
{
    /// <summary>
    /// The "events" stream provider: memory streams by default, Kafka with <c>Orleans:Streams=Kafka</c>, Azure Event
    /// Hubs with <c>Orleans:Streams=EventHubs</c>. Every
    /// consumer subscribes implicitly (by grain type), so there is no pub-sub rendezvous: with it, every new stream
    /// (one per order, user, sku) cost a rendezvous grain and a PubSubStore write.
    /// </summary>
    public static ISiloBuilder AddEShopStreams(this ISiloBuilder silo, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = EShopOrleansOptions.From(configuration);
        if (options.Streams == StreamsKind.Kafka)
            silo.AddKafkaStreams(configuration, environment, StreamProviders.Events);
        else if (options.Streams == StreamsKind.EventHubs)
            silo.AddEventHubsStreams(configuration, StreamProviders.Events);
        else
            silo.AddMemoryStreams(StreamProviders.Events, streams => streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly));
        return silo;
    }
}
