using EShop.Grains.Abstractions.Events;
using EShop.Integration.Tests.Persistence;
using EShop.Integration.Tests.Recovery;
using EShop.Silo.Streaming.Kafka;
using EShop.Tests.Shared;
using static EShop.Integration.Tests.Streaming.StreamEvents;

namespace EShop.Integration.Tests.Streaming;

/// <summary>Kafka that is not there, or not all there, when a silo starts.</summary>
public sealed class KafkaUnreachableTests
{
    /// <summary>Nothing listens on port 1 of the loopback address: every connection is refused.</summary>
    private const string NoBroker = "127.0.0.1:1";

    [Fact]
    public async Task A_silo_starts_without_brokers_and_a_publish_fails_after_the_message_timeout()
    {
        var log = new LogTail();
        var settings = KafkaCluster.Settings(NoBroker, KafkaCluster.NewTopicPrefix(), $"eshop-it-{Guid.NewGuid():N}");
        settings["Kafka:MessageTimeout"] = "00:00:01";
        await using var cluster = await KafkaCluster.StartAsync(settings, silos: 1, log);
        var key = NewKey();

        var error = await Assert.ThrowsAsync<KafkaPublishException>(() =>
            cluster.Client.GetGrain<IStreamPublisherGrain>(Guid.NewGuid()).Publish(EventStreams.Orders, key, [Ping(key, 1)]));

        Assert.Equal(nameof(Confluent.Kafka.ErrorCode.Local_MsgTimedOut), error.ErrorCode);
        await Eventually.Until(
            () => Task.FromResult(log.ToString()), text => text.Contains("Kafka is unreachable", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the topic check reporting no brokers");
    }

    [Fact]
    public async Task Partitions_of_topics_that_appear_after_start_up_are_read_once_they_exist()
    {
        using var kafka = MockKafka.Start();
        var settings = KafkaCluster.Settings(kafka.BootstrapServers, KafkaCluster.NewTopicPrefix(), $"eshop-it-{Guid.NewGuid():N}");
        settings["Kafka:CreateTopics"] = "false";
        var log = new LogTail();
        await using var cluster = await KafkaCluster.StartAsync(settings, silos: 1, log);
        var key = NewKey();
        await Eventually.Until(
            () => Task.FromResult(log.ToString()), text => text.Contains("UnknownTopicOrPart", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the consumer finding no topic");

        // The first publish creates the topic (the mock cluster auto-creates it); the consumer found none at start.
        await cluster.Client.GetGrain<IStreamPublisherGrain>(Guid.NewGuid()).Publish(EventStreams.Orders, key, Pings(key, 2));

        Assert.Equal(Pings(key, 2), await ReceivedEvents.WaitForAsync(EventStreams.Orders, key, 2, TimeSpan.FromSeconds(20)));
    }
}
