using Confluent.Kafka;
using EShop.Grains;
using EShop.Silo.Streaming.Kafka;
using EShop.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EShop.Integration.Tests.Streaming;

public sealed class KafkaOptionsTests
{
    private const string EventHubs = "eshop-ns.servicebus.windows.net:9093";
    private const string ConnectionString = "Endpoint=sb://eshop-ns.servicebus.windows.net/;SharedAccessKeyName=send-listen;SharedAccessKey=c2VjcmV0";

    [Fact]
    public void Defaults_give_four_partitions_per_prefixed_topic_and_a_shared_group()
    {
        var options = Options(new() { ["Kafka:BootstrapServers"] = "broker:9092" });

        Assert.Equal(("eshop.", 4, "eshop-silos", TimeSpan.FromSeconds(30), true, null),
            (options.TopicPrefix, options.Partitions, options.ConsumerGroup, options.MessageTimeout, options.CreateTopics, options.ExternalTopic));
    }

    [Fact]
    public void Kafka_streams_without_bootstrap_servers_fail_validation()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options([]));

        Assert.Contains(nameof(KafkaOptions.BootstrapServers), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SecurityProtocol", "SASL_TLS")]
    [InlineData("SaslMechanism", "PLAINTEXT")]
    [InlineData("TopicPrefix", "eshop/")]
    [InlineData("ExternalTopic", "eshop.orders")]
    [InlineData("Partitions", "0")]
    public void A_setting_librdkafka_or_kafka_would_refuse_fails_validation(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { ["Kafka:BootstrapServers"] = "broker:9092", [$"Kafka:{key}"] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sasl_plain_without_a_password_fails_validation()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new()
        {
            ["Kafka:BootstrapServers"] = EventHubs,
            ["Kafka:SecurityProtocol"] = "SASL_SSL",
            ["Kafka:SaslMechanism"] = "PLAIN",
            ["Kafka:SaslUsername"] = "$ConnectionString",
        }));

        Assert.Contains("SaslPassword", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-512")]
    public void Password_sasl_over_sasl_plaintext_fails_validation_outside_development(string mechanism)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(SaslOverPlaintext(mechanism), "Production"));

        Assert.Contains("SASL_PLAINTEXT", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ConnectionString, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_sasl_over_sasl_plaintext_stays_allowed_in_development()
    {
        var options = Options(SaslOverPlaintext("SCRAM-SHA-256"), "Development");

        Assert.Equal("SASL_PLAINTEXT", options.SecurityProtocol);
    }

    [Fact]
    public void Event_hubs_settings_reach_the_producer_the_consumer_and_the_admin_client_alike()
    {
        var options = Options(new()
        {
            ["Kafka:BootstrapServers"] = EventHubs,
            ["Kafka:SecurityProtocol"] = "SASL_SSL",
            ["Kafka:SaslMechanism"] = "PLAIN",
            ["Kafka:SaslUsername"] = "$ConnectionString",
            ["Kafka:SaslPassword"] = ConnectionString,
        });

        ClientConfig[] clients =
        [
            KafkaClientSettings.Producer(options, EventHubs),
            KafkaClientSettings.Consumer(options, EventHubs),
            KafkaClientSettings.Admin(options, EventHubs),
        ];

        Assert.All(clients, client => Assert.Equal(
            (EventHubs, SecurityProtocol.SaslSsl, SaslMechanism.Plain, "$ConnectionString", ConnectionString),
            (client.BootstrapServers, client.SecurityProtocol, client.SaslMechanism, client.SaslUsername, client.SaslPassword)));
    }

    [Fact]
    public void The_producer_waits_for_every_replica_and_the_consumer_commits_only_what_was_delivered()
    {
        var options = Options(new() { ["Kafka:BootstrapServers"] = "broker:9092", ["Kafka:MessageTimeout"] = "00:00:07", ["Kafka:ConsumerGroup"] = "shop" });

        var producer = KafkaClientSettings.Producer(options, "broker:9092");
        var consumer = KafkaClientSettings.Consumer(options, "broker:9092");

        Assert.Equal((Acks.All, true, 7000, (SecurityProtocol?)null), (producer.Acks, producer.EnableIdempotence, producer.MessageTimeoutMs, producer.SecurityProtocol));
        Assert.Equal(("shop", false, AutoOffsetReset.Earliest), (consumer.GroupId, consumer.EnableAutoCommit, consumer.AutoOffsetReset));
    }

    private static Dictionary<string, string?> SaslOverPlaintext(string mechanism) => new()
    {
        ["Kafka:BootstrapServers"] = "broker:9092",
        ["Kafka:SecurityProtocol"] = "SASL_PLAINTEXT",
        ["Kafka:SaslMechanism"] = mechanism,
        ["Kafka:SaslUsername"] = "eshop",
        ["Kafka:SaslPassword"] = ConnectionString,
    };

    /// <summary>The options as a Kafka silo in <paramref name="environment"/> validates them at start.</summary>
    private static KafkaOptions Options(Dictionary<string, string?> settings, string environment = "Testing")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var silo = new SiloServices(new ServiceCollection(), configuration);
        silo.AddKafkaStreams(configuration, new NamedEnvironment(environment), StreamProviders.Events);
        using var services = silo.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<KafkaOptions>>().Value;
    }

    private sealed class SiloServices(IServiceCollection services, IConfiguration configuration) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IConfiguration Configuration { get; } = configuration;
    }
}
