using System.Net.Mime;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using EShop.Grains.Abstractions.Events;

namespace EShop.Silo.Streaming;

/// <summary>
/// Domain events as CloudEvents 1.0 in structured JSON mode (the whole event is the message body), with the
/// W3C trace context in the distributed-tracing extension's <c>traceparent</c> attribute.
/// </summary>
public static class CloudEventCodec
{
    public const string ContentType = "application/cloudevents+json";

    // Relaxed escaping: the body is read by Kafka clients, never embedded in HTML, and "+00:00" should stay readable.
    private static readonly JsonEventFormatter Formatter = new(
        new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }, new JsonDocumentOptions());
    private static readonly ContentType StructuredJson = new(ContentType);
    // The distributed-tracing extension's attribute (the SDK has no helper for it in this version).
    private static readonly CloudEventAttribute TraceParent = CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);
    private static readonly CloudEventAttribute[] Extensions = [TraceParent];

    public static byte[] Encode(DomainEvent domainEvent)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, Extensions)
        {
            Id = domainEvent.Id,
            Type = domainEvent.Type,
            Source = new Uri(domainEvent.Source, UriKind.RelativeOrAbsolute),
            Subject = domainEvent.Subject,
            Time = domainEvent.Time,
            DataContentType = MediaTypeNames.Application.Json,
            Data = JsonDocument.Parse(domainEvent.Data).RootElement,
        };
        if (domainEvent.TraceParent is { } traceParent)
            cloudEvent[TraceParent] = traceParent;
        return Formatter.EncodeStructuredModeMessage(cloudEvent, out _).ToArray();
    }

    /// <summary>Reads a CloudEvent; null when the bytes are JSON but not a CloudEvent. Throws on invalid JSON.</summary>
    public static DomainEvent? TryDecode(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("specversion", out _))
            return null;

        var cloudEvent = Formatter.DecodeStructuredModeMessage(body, StructuredJson, Extensions);
        var data = cloudEvent.Data switch
        {
            null => "null",
            JsonElement element => element.GetRawText(),
            string text => JsonSerializer.Serialize(text),
            var other => JsonSerializer.Serialize(other),
        };
        return new DomainEvent(
            cloudEvent.Id!,
            cloudEvent.Type!,
            cloudEvent.Source!.ToString(),
            cloudEvent.Subject ?? "",
            cloudEvent.Time ?? DateTimeOffset.UnixEpoch,
            cloudEvent[TraceParent] as string,
            data);
    }

    /// <summary>The body as UTF-8 text, for logs.</summary>
    public static string Text(ReadOnlyMemory<byte> body) => Encoding.UTF8.GetString(body.Span);
}
