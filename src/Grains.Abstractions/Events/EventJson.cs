using System.Text.Json;

namespace EShop.Grains.Abstractions.Events;

/// <summary>The one JSON shape of event data: web defaults (camelCase), the same in the outbox and on Kafka.</summary>
public static class EventJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T data) => JsonSerializer.Serialize(data, Options);

    public static T Read<T>(this DomainEvent domainEvent) =>
        JsonSerializer.Deserialize<T>(domainEvent.Data, Options)
        ?? throw new JsonException($"Event {domainEvent.Id} ({domainEvent.Type}) has no data.");
}
