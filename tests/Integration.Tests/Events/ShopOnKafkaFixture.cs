using EShop.Grains.Abstractions.Events;
using EShop.Grains.Events;
using EShop.Grains.Notifications;
using EShop.Integration.Tests.Persistence;
using EShop.Integration.Tests.Recovery;
using EShop.Integration.Tests.Streaming;
using EShop.Tests.Doubles;
using EShop.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace EShop.Integration.Tests.Events;

/// <summary>The whole shop on one silo whose events go through Kafka (librdkafka's mock cluster), memory storage.</summary>
public sealed class ShopOnKafkaFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;
    private MockKafka? _kafka;

    public string TopicPrefix { get; } = KafkaCluster.NewTopicPrefix();

    public CrashBeforePublish PublishFaults { get; } = new();

    public RecordingNotificationSender Notifications { get; } = new();

    public LogTail Log { get; } = new();

    internal MockKafka Kafka => _kafka ?? throw new InvalidOperationException("Kafka has not started.");

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("The cluster has not started.")).Client;

    internal Shopper Shop => new(Client);

    public string TopicOf(string streamNamespace) => TopicPrefix + streamNamespace;

    public async ValueTask InitializeAsync()
    {
        _kafka = MockKafka.Start();
        _kafka.CreateTopics(EventStreams.Domain.Select(TopicOf));
        _cluster = await KafkaCluster.StartAsync(ShopSettings(_kafka.BootstrapServers, TopicPrefix), silos: 1, Log, Doubles);
    }

    /// <summary>Kafka streams plus a saga that ticks every second, so that a killed order resumes within seconds.</summary>
    internal static Dictionary<string, string?> ShopSettings(string bootstrapServers, string topicPrefix)
    {
        var settings = KafkaCluster.Settings(bootstrapServers, topicPrefix, $"eshop-it-{Guid.NewGuid():N}");
        settings["Orleans:MinimumReminderPeriod"] = "00:00:01";
        settings["Orders:TickInterval"] = "00:00:01";
        settings["Outbox:RetryDelay"] = "00:00:00.200";
        settings["Outbox:MaxRetryDelay"] = "00:00:01";
        return settings;
    }

    internal void Doubles(IServiceCollection services)
    {
        services.AddSingleton<IOutboxFaults>(PublishFaults);
        services.AddSingleton<INotificationSender>(Notifications);
    }

    /// <summary>Reads the CloudEvents of one subject from a namespace's topic, as a plain Kafka consumer outside the shop.</summary>
    internal Task<IReadOnlyList<Confluent.Kafka.ConsumeResult<string?, byte[]>>> ReadAsync(string streamNamespace, string subject, int count) =>
        Kafka.ReadAsync(TopicOf(streamNamespace), count, TimeSpan.FromSeconds(30), m => m.Message.Key == subject);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
        _kafka?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ShopOnKafka : ICollectionFixture<ShopOnKafkaFixture>
{
    public const string Name = "Shop on Kafka";
}
