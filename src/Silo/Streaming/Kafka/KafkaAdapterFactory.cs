using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// The Kafka persistent stream provider's parts: the adapter (producer and receivers), a simple queue cache, so
/// that a message leaves the cache, and is committed, once every consumer has it, and the partition queue mapper.
/// </summary>
public sealed class KafkaAdapterFactory : IQueueAdapterFactory
{
    private readonly KafkaQueueAdapter _adapter;
    private readonly KafkaQueueMapper _mapper;
    private readonly SimpleQueueAdapterCache _cache;

    private KafkaAdapterFactory(string name, IServiceProvider services)
    {
        var clients = services.GetRequiredService<KafkaClients>();
        var topics = new KafkaTopics(clients.Options);
        var loggers = services.GetRequiredService<ILoggerFactory>();
        _mapper = new KafkaQueueMapper(topics, clients.Options.Partitions);
        _cache = new SimpleQueueAdapterCache(services.GetRequiredService<IOptionsMonitor<SimpleQueueCacheOptions>>().Get(name), name, loggers);
        var decoder = new KafkaMessageDecoder(topics, loggers.CreateLogger<KafkaMessageDecoder>());
        _adapter = new KafkaQueueAdapter(name, clients, _mapper, services.GetRequiredService<KafkaConsumerLoop>(), decoder, services.GetRequiredService<KafkaMeters>());
    }

    /// <summary>For <c>AddPersistentStreams(name, KafkaAdapterFactory.Create, ...)</c>; needs the services of <c>AddKafkaStreams</c>.</summary>
    public static KafkaAdapterFactory Create(IServiceProvider services, string name) => new(name, services);

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) => Task.FromResult<IQueueAdapter>(_adapter);

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    /// <summary>A message that cannot be delivered within the pulling agent's MaxEventDeliveryTime is logged by Orleans and passed over.</summary>
    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());
}
