using System.Text.RegularExpressions;
using EShop.Grains.Abstractions.Events;
using EShop.Integration.Tests.Recovery;
using EShop.Silo.Streaming;
using EShop.Silo.Streaming.Kafka;
using EShop.Tests.Shared;
using Orleans.TestingHost;
using static EShop.Integration.Tests.Streaming.StreamEvents;

namespace EShop.Integration.Tests.Streaming;

/// <summary>One silo with <c>Kafka:BootstrapServers=mock</c>: it starts librdkafka's mock cluster itself.</summary>
public sealed class MockModeFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public string TopicPrefix { get; } = KafkaCluster.NewTopicPrefix();

    public LogTail Log { get; } = new();

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("The cluster has not started.")).Client;

    public async ValueTask InitializeAsync() =>
        _cluster = await KafkaCluster.StartAsync(KafkaCluster.Settings(KafkaOptions.Mock, TopicPrefix, $"eshop-it-{Guid.NewGuid():N}"), silos: 1, Log);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}

public sealed partial class KafkaMockModeTests(MockModeFixture fixture) : IClassFixture<MockModeFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Mock_bootstrap_servers_start_an_in_process_cluster_that_carries_the_events()
    {
        var listening = ListeningAt().Match(fixture.Log.ToString());
        Assert.True(listening.Success, $"No mock cluster address was logged:\n{fixture.Log}");
        var bootstrapServers = listening.Groups["servers"].Value;
        var key = NewKey();
        var ping = Ping(key, 1);

        await fixture.Client.GetGrain<IStreamPublisherGrain>(Guid.NewGuid()).Publish(EventStreams.Orders, key, [ping]);

        Assert.Equal([ping], await ReceivedEvents.WaitForAsync(EventStreams.Orders, key, 1, Within));
        var message = Assert.Single(await MockKafka.ReadAsync(bootstrapServers, fixture.TopicPrefix + EventStreams.Orders, 1, Within, m => m.Message.Key == key));
        Assert.Equal(ping, CloudEventCodec.TryDecode(message.Message.Value));
    }

    [GeneratedRegex(@"Kafka mock cluster listening at (?<servers>127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2})")]
    private static partial Regex ListeningAt();
}
