using EShop.Grains;
using EShop.Silo.Hosting;
using EShop.Silo.Streaming.Kafka;
using Microsoft.Extensions.Configuration;

namespace EShop.Silo.Streaming;

public static class StreamingHosting
{
    /// <summary>The "events" stream provider: memory streams by default, Kafka with <c>Orleans:Streams=Kafka</c>.</summary>
    public static ISiloBuilder AddEShopStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = EShopOrleansOptions.From(configuration);
        if (options.Streams == StreamsKind.Kafka)
            silo.AddKafkaStreams(configuration, StreamProviders.Events);
        else
            silo.AddMemoryStreams(StreamProviders.Events);
        return silo;
    }
}
