using EShop.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace EShop.Silo.Streaming.Kafka;

public static class KafkaStreamingHosting
{
    /// <summary>
    /// A persistent stream provider on Kafka named <paramref name="name"/>, configured from the <c>Kafka</c>
    /// section (validated at start, stricter outside Development), with implicit subscriptions only (no pub-sub
    /// rendezvous per stream).
    /// </summary>
    public static ISiloBuilder AddKafkaStreams(this ISiloBuilder silo, IConfiguration configuration, IHostEnvironment environment, string name)
    {
        var services = silo.Services;
        services.AddOptions<KafkaOptions>()
            .Bind(configuration.GetSection(KafkaOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>(_ => new KafkaOptionsValidator(environment)));
        services.AddMetrics();
        services.TryAddSingleton<KafkaClients>();
        services.TryAddSingleton<KafkaMeters>();
        services.TryAddSingleton<KafkaConsumerLoop>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, KafkaTopicCreator>();
        services.AddHealthChecks().AddCachedReadyCheck<KafkaHealthCheck>("kafka");

        silo.AddPersistentStreams(name, KafkaAdapterFactory.Create, stream =>
        {
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            stream.ConfigurePullingAgent(agent => agent.Configure<IOptions<KafkaOptions>>((pulling, kafka) =>
                pulling.GetQueueMsgsTimerPeriod = kafka.Value.PullPeriod));
        });
        return silo;
    }
}
