using System.Text;
using EShop.Grains.Abstractions.Events;
using EShop.Integration.Tests.Persistence;
using EShop.Silo.Streaming;
using static EShop.Integration.Tests.Streaming.StreamEvents;

namespace EShop.Integration.Tests.Streaming;

[Collection(KafkaStreams.Name)]
public sealed class KafkaStreamTests(KafkaStreamsFixture fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    private string OrdersTopic => fixture.TopicOf(EventStreams.Orders);

    [Fact]
    public async Task Published_events_are_cloud_events_on_the_namespace_topic_keyed_by_stream_in_order()
    {
        string[] keys = [NewKey(), NewKey()];
        var published = keys.ToDictionary(key => key, key => Pings(key, 3));

        await Task.WhenAll(keys.Select(key => Publisher().Publish(EventStreams.Orders, key, published[key])));

        var messages = await fixture.Kafka.ReadAsync(OrdersTopic, 6, Within, m => keys.Contains(m.Message.Key));
        foreach (var key in keys)
        {
            var ofKey = messages.Where(m => m.Message.Key == key).ToList();
            Assert.Single(ofKey.Select(m => m.Partition).Distinct());
            Assert.All(ofKey, m => Assert.Equal(CloudEventCodec.ContentType, Encoding.UTF8.GetString(m.Message.Headers.GetLastBytes("content-type"))));
            Assert.Equal(published[key], ofKey.Select(m => CloudEventCodec.TryDecode(m.Message.Value)));
        }
    }

    [Fact]
    public async Task An_implicit_subscriber_receives_every_event_of_its_stream_in_publish_order()
    {
        var key = NewKey();
        var events = Pings(key, 5);

        await Publisher().Publish(EventStreams.Orders, key, events);

        Assert.Equal(events, await ReceivedEvents.WaitForAsync(EventStreams.Orders, key, events.Count, Within));
    }

    [Fact]
    public async Task Plain_json_on_the_external_topic_reaches_the_external_stream_as_an_external_message()
    {
        var key = NewKey();
        const string json = """{"orderRef":"EXT-1","amount":12.5,"lines":[{"sku":"TEE-M","qty":2}]}""";

        var producedAt = new DateTimeOffset(2030, 5, 6, 7, 8, 9, 123, TimeSpan.Zero);

        var sent = await fixture.Kafka.ProduceAsync(fixture.ExternalTopic, key, json, timestamp: producedAt);

        var received = Assert.Single(await ReceivedEvents.WaitForAsync(EventStreams.External, key, 1, Within));
        var expected = new DomainEvent(
            $"{fixture.ExternalTopic}-{sent.Partition.Value}-{sent.Offset.Value}",
            EventTypes.ExternalMessage,
            $"kafka://{fixture.ExternalTopic}",
            key,
            producedAt,
            null,
            json);
        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task Invalid_json_on_the_external_topic_is_skipped_and_committed_and_later_messages_arrive()
    {
        var key = NewKey();
        const int partition = 2;

        var invalid = await fixture.Kafka.ProduceAsync(fixture.ExternalTopic, key, "{\"orderRef\": EXT-2", partition);
        var valid = await fixture.Kafka.ProduceAsync(fixture.ExternalTopic, key, """{"orderRef":"EXT-2"}""", partition);

        var received = Assert.Single(await ReceivedEvents.WaitForAsync(EventStreams.External, key, 1, Within));
        Assert.Equal("""{"orderRef":"EXT-2"}""", received.Data);
        Assert.Contains($"Skipped the Kafka message {fixture.ExternalTopic}[{partition}]@{invalid.Offset.Value}", fixture.Log.ToString(), StringComparison.Ordinal);

        // An invalid message with nothing after it is committed too, so that the next reader does not trip on it.
        var trailing = await fixture.Kafka.ProduceAsync(fixture.ExternalTopic, key, "not json at all", partition);
        await Eventually.Until(
            () => CommittedAsync(fixture.ExternalTopic, partition),
            offset => offset > trailing.Offset.Value,
            Within,
            $"the offset committed in {fixture.ExternalTopic}[{partition}] passing {trailing.Offset.Value} (valid message at {valid.Offset.Value})");
        Assert.Single(ReceivedEvents.Of(EventStreams.External, key).DistinctBy(e => e.Id));
    }

    [Fact]
    public async Task The_groups_committed_offset_advances_as_events_are_delivered()
    {
        var key = NewKey();

        var first = await PublishAndReadAsync(key, Pings(key, 2));
        var committedFirst = await Eventually.Until(
            () => CommittedAsync(OrdersTopic, first.Partition), offset => offset > first.Offset.Value, Within, "the first batch committed");
        var second = await PublishAndReadAsync(key, [Ping(key, 3), Ping(key, 4)]);
        var committedSecond = await Eventually.Until(
            () => CommittedAsync(OrdersTopic, second.Partition), offset => offset > second.Offset.Value, Within, "the second batch committed");

        Assert.Equal(first.Partition, second.Partition);
        Assert.True(committedSecond > committedFirst, $"committed {committedFirst}, then {committedSecond}");
    }

    [Fact]
    public async Task Publishing_anything_but_a_domain_event_fails_with_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Publisher().PublishText(EventStreams.Orders, NewKey(), "hello"));

        Assert.Contains(nameof(DomainEvent), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_to_a_namespace_without_a_topic_fails_with_a_clear_error()
    {
        var key = NewKey();

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Publisher().Publish("carts", key, [Ping(key, 1)]));

        Assert.Contains("'carts' has no Kafka topic", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Publishes, waits for the recorder to have every event, and returns the last one's message.</summary>
    private async Task<Confluent.Kafka.ConsumeResult<string?, byte[]>> PublishAndReadAsync(string key, List<DomainEvent> events)
    {
        await Publisher().Publish(EventStreams.Orders, key, events);
        var ids = events.Select(e => e.Id).ToHashSet();
        await Eventually.Until(
            () => Task.FromResult(ReceivedEvents.Of(EventStreams.Orders, key).Count(e => ids.Contains(e.Id))),
            count => count >= events.Count, Within, $"{events.Count} events of {key} received");
        var messages = await fixture.Kafka.ReadAsync(OrdersTopic, events.Count, Within, m => m.Message.Key == key && ids.Contains(CloudEventCodec.TryDecode(m.Message.Value)!.Id));
        return messages[^1];
    }

    private async Task<long> CommittedAsync(string topic, int partition) =>
        (await fixture.Kafka.CommittedAsync(fixture.ConsumerGroup, topic)).Single(o => o.Partition.Value == partition).Offset.Value;

    private IStreamPublisherGrain Publisher() => fixture.Client.GetGrain<IStreamPublisherGrain>(Guid.NewGuid());
}
