using EShop.Grains.Abstractions.Events;
using EShop.Integration.Tests.Persistence;
using EShop.Tests.Shared;
using static EShop.Integration.Tests.Streaming.StreamEvents;

namespace EShop.Integration.Tests.Streaming;

[Collection(KafkaStreams.Name)]
public sealed class KafkaLagTests(KafkaStreamsFixture fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    [Fact]
    public void Every_partition_is_reported_once_by_the_silo_that_reads_it()
    {
        var readings = fixture.Lag.Read(fixture.TopicPrefix);

        var expected = fixture.Topics.SelectMany(topic => Enumerable.Range(0, MockKafka.Partitions).Select(partition => (topic, partition)));
        Assert.Equal(expected.Order(), readings.Select(r => (r.Topic, r.Partition)).Order());
        Assert.All(readings, r => Assert.True(r.Lag >= 0, $"{r.Topic}[{r.Partition}] lag {r.Lag}"));
    }

    [Fact]
    public async Task Lag_counts_the_messages_not_yet_delivered_and_returns_to_zero_once_they_are()
    {
        var key = NewKey();
        var topic = fixture.TopicOf(EventStreams.Orders);
        int partition;

        using (ReceivedEvents.Hold(EventStreams.Orders, key))
        {
            await fixture.Client.GetGrain<IStreamPublisherGrain>(Guid.NewGuid()).Publish(EventStreams.Orders, key, Pings(key, 3));
            partition = (await fixture.Kafka.ReadAsync(topic, 1, Within, m => m.Message.Key == key)).Single().Partition.Value;
            await ReceivedEvents.WaitForAsync(EventStreams.Orders, key, 1, Within);

            await Eventually.Until(() => LagAsync(topic, partition), lag => lag >= 3, Within, $"the lag of {topic}[{partition}] while delivery is held");
        }

        await Eventually.Until(() => LagAsync(topic, partition), lag => lag == 0, Within, $"the lag of {topic}[{partition}] once delivered");
        Assert.Equal(Pings(key, 3), await ReceivedEvents.WaitForAsync(EventStreams.Orders, key, 3, Within));
    }

    private Task<long> LagAsync(string topic, int partition) =>
        Task.FromResult(fixture.Lag.Read(fixture.TopicPrefix).Where(r => r.Topic == topic && r.Partition == partition).Select(r => r.Lag).DefaultIfEmpty(-1).Single());
}
