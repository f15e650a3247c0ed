using System.Text.Json;
using Confluent.Kafka;
using EShop.Grains.Abstractions.Events;
using Microsoft.Extensions.Logging;

namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// A consumed message as the event Orleans delivers, or null for a message no consumer could read: invalid JSON,
/// or anything but a CloudEvent on a domain topic. Those are logged and skipped, never thrown, so that one bad
/// message cannot stop its partition. On the external topic plain JSON becomes an <see cref="EventTypes.ExternalMessage"/>.
/// </summary>
internal sealed partial class KafkaMessageDecoder(KafkaTopics topics, ILogger logger)
{
    public KafkaBatchContainer? Decode(ConsumeResult<string?, byte[]> result)
    {
        var (topic, partition, offset) = (result.Topic, result.Partition.Value, result.Offset.Value);
        var streamNamespace = topics.NamespaceOf(topic);
        var body = result.Message.Value;
        if (streamNamespace is null || body is null || body.Length == 0)
        {
            LogSkipped(logger, topic, partition, offset, streamNamespace is null ? "its topic is not one of this provider's" : "it has no body");
            return null;
        }

        DomainEvent? domainEvent;
        try
        {
            domainEvent = CloudEventCodec.TryDecode(body);
        }
        catch (JsonException error)
        {
            LogInvalidJson(logger, error, topic, partition, offset);
            return null;
        }
#pragma warning disable CA1031 // Whatever the CloudEvents SDK throws on a malformed event must skip that message, not stop the partition.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogUndecodable(logger, error, topic, partition, offset);
            return null;
        }

        var key = result.Message.Key;
        if (domainEvent is not null)
        {
            key ??= domainEvent.Subject.Length > 0 || !topics.IsExternal(topic) ? domainEvent.Subject : EventStreams.External;
            return new KafkaBatchContainer(StreamId.Create(streamNamespace, key), domainEvent, topic, partition, offset);
        }

        if (!topics.IsExternal(topic))
        {
            LogSkipped(logger, topic, partition, offset, "it is JSON but not a CloudEvent");
            return null;
        }

        var external = new DomainEvent(
            $"{topic}-{partition}-{offset}",
            EventTypes.ExternalMessage,
            $"kafka://{topic}",
            key ?? "",
            result.Message.Timestamp.Type == TimestampType.NotAvailable
                ? DateTimeOffset.UtcNow
                : new DateTimeOffset(result.Message.Timestamp.UtcDateTime),
            null,
            CloudEventCodec.Text(body).TrimStart('\uFEFF'));
        return new KafkaBatchContainer(StreamId.Create(streamNamespace, key ?? EventStreams.External), external, topic, partition, offset);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped the Kafka message {Topic}[{Partition}]@{Offset}: it is not valid JSON")]
    private static partial void LogInvalidJson(ILogger logger, Exception exception, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped the Kafka message {Topic}[{Partition}]@{Offset}: it is not a readable CloudEvent")]
    private static partial void LogUndecodable(ILogger logger, Exception exception, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped the Kafka message {Topic}[{Partition}]@{Offset}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string topic, int partition, long offset, string reason);
}
