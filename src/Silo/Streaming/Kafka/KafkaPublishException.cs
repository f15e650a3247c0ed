namespace EShop.Silo.Streaming.Kafka;

/// <summary>
/// The brokers did not take an event: none was reachable within <see cref="KafkaOptions.MessageTimeout"/>, or one
/// refused it. Serializable, unlike librdkafka's exception, so that it reaches a grain's caller as it is.
/// </summary>
[GenerateSerializer, Alias("eshop.kafka-publish-failed.v1")]
public sealed class KafkaPublishException : Exception
{
    public KafkaPublishException()
    {
    }

    public KafkaPublishException(string message)
        : base(message)
    {
    }

    public KafkaPublishException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KafkaPublishException(string message, string errorCode)
        : base(message) => ErrorCode = errorCode;

    /// <summary>librdkafka's error code, e.g. <c>Local_MsgTimedOut</c> when no broker took the event in time.</summary>
    [Id(0)]
    public string? ErrorCode { get; init; }
}
