using System.Text.Json.Nodes;
using EShop.Grains.Abstractions.Events;
using EShop.Silo.Streaming;
using Json.Schema;

namespace EShop.Tests.Shared;

/// <summary>
/// The committed event contracts (docs/events/{type}.schema.json, JSON Schema 2020-12): an event is checked as the
/// CloudEvent the shop puts on the wire (<see cref="CloudEventCodec"/>), envelope and data, formats included.
/// </summary>
internal static class EventSchemas
{
    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> Schemas = new(Load);

    public static string Folder { get; } = Repository.PathOf("docs/events");

    public static IReadOnlyDictionary<string, JsonSchema> All => Schemas.Value;

    /// <summary>What is wrong with the event as published; empty when it matches its type's schema.</summary>
    public static IReadOnlyList<string> Problems(DomainEvent domainEvent)
    {
        if (!All.TryGetValue(domainEvent.Type, out var schema))
            return [$"{domainEvent.Type}: no schema in docs/events"];
        var wire = JsonNode.Parse(CloudEventCodec.Encode(domainEvent));
        var result = schema.Evaluate(wire, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
            return [];
        return [.. (result.Details ?? []).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{domainEvent.Type} {domainEvent.Id} at {d.InstanceLocation}: {e.Value}"))];
    }

    private static Dictionary<string, JsonSchema> Load() =>
        Directory.GetFiles(Folder, "*.schema.json").ToDictionary(
            file => Path.GetFileName(file)[..^".schema.json".Length],
            file => JsonSchema.FromText(File.ReadAllText(file)),
            StringComparer.Ordinal);
}
