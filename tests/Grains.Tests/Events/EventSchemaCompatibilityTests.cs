using System.Text.Json.Nodes;
using EShop.Tests.Shared;

namespace EShop.Grains.Tests.Events;

/// <summary>
/// A published version of an event never breaks its readers: against docs/events/compatibility-baseline.json (every
/// field of every v1 schema as first committed), no field is lost, changes its type or becomes required. Adding
/// optional fields is free; anything else takes a new version (a new type string and schema file).
/// </summary>
public sealed class EventSchemaCompatibilityTests
{
    private static readonly string BaselineFile = Path.Combine(EventSchemas.Folder, "compatibility-baseline.json");

    [Fact]
    public void No_committed_event_schema_loses_a_field_changes_a_type_or_makes_a_field_required()
    {
        var baseline = JsonNode.Parse(File.ReadAllText(BaselineFile))!.AsObject();
        var problems = new List<string>();
        foreach (var (type, fields) in baseline)
        {
            var schemaFile = Path.Combine(EventSchemas.Folder, $"{type}.schema.json");
            if (!File.Exists(schemaFile))
            {
                problems.Add($"{type}: its schema is gone");
                continue;
            }

            var now = Fields(JsonNode.Parse(File.ReadAllText(schemaFile))!.AsObject());
            foreach (var (path, was) in fields!.AsObject())
            {
                var wasTypes = was!["types"]!.AsArray().Select(t => (string)t!).ToList();
                var wasRequired = (bool)was["required"]!;
                if (!now.TryGetValue(path, out var field))
                    problems.Add($"{type}: {path} was removed");
                else if (!field.Types.SequenceEqual(wasTypes))
                    problems.Add($"{type}: {path} changed type from [{string.Join(",", wasTypes)}] to [{string.Join(",", field.Types)}]");
                else if (field.Required && !wasRequired)
                    problems.Add($"{type}: {path} became required");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        // Every schema is under the baseline's watch (a new type adds its fields to it when first committed).
        Assert.Superset(EventSchemas.All.Keys.ToHashSet(), baseline.Select(p => p.Key).ToHashSet());
    }

    [Fact]
    public void The_check_sees_a_removed_field_a_changed_type_and_a_newly_required_field()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(EventSchemas.Folder, "eshop.order.placed.v1.schema.json")))!.AsObject();
        var before = Fields(schema);
        var data = schema["properties"]!["data"]!;
        data["properties"]!.AsObject().Remove("itemCount");
        data["properties"]!["sequence"]!["type"] = "string";
        data["required"]!.AsArray().Add("failureReason");

        var after = Fields(schema);

        Assert.False(after.ContainsKey("data.itemCount"));
        Assert.True(before.ContainsKey("data.itemCount"));
        Assert.Equal(["string"], after["data.sequence"].Types);
        Assert.True(after["data.failureReason"].Required && !before["data.failureReason"].Required);
    }

    private sealed record Field(IReadOnlyList<string> Types, bool Required);

    /// <summary>Every field path (data.total.amount, data.skus[].sku, ...) with its JSON types and whether it is required.</summary>
    private static Dictionary<string, Field> Fields(JsonObject schema)
    {
        var defs = schema["$defs"]?.AsObject();
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        WalkProperties(schema, "", fields, defs);
        return fields;
    }

    private static JsonObject Resolve(JsonNode node, JsonObject? defs) =>
        node["$ref"] is { } reference ? defs![((string)reference!).Split('/')[^1]]!.AsObject() : node.AsObject();

    private static List<string> Types(JsonObject node, JsonObject? defs) => node["type"] switch
    {
        JsonArray many => [.. many.Select(t => (string)t!).Order(StringComparer.Ordinal)],
        JsonValue one => [(string)one!],
        _ when node.ContainsKey("const") => ["const"],
        _ when node["oneOf"] is JsonArray options => [.. options.SelectMany(o => Types(Resolve(o!, defs), defs)).Distinct().Order(StringComparer.Ordinal)],
        _ => ["any"],
    };

    private static void Walk(JsonNode node, string path, bool required, Dictionary<string, Field> fields, JsonObject? defs)
    {
        var resolved = Resolve(node, defs);
        var types = Types(resolved, defs);
        fields[path] = new Field(types, required);
        if (resolved["oneOf"] is JsonArray options)
        {
            foreach (var option in options.Select(o => Resolve(o!, defs)).Where(o => (string?)o["type"] == "object"))
                WalkProperties(option, path, fields, defs);
        }

        if (types.Contains("object"))
            WalkProperties(resolved, path, fields, defs);
        if (types.SequenceEqual(["array"]))
            Walk(resolved["items"]!, path + "[]", true, fields, defs);
    }

    private static void WalkProperties(JsonObject node, string path, Dictionary<string, Field> fields, JsonObject? defs)
    {
        var required = node["required"]?.AsArray().Select(r => (string)r!).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (name, property) in node["properties"]?.AsObject() ?? [])
            Walk(property!, path.Length == 0 ? name : $"{path}.{name}", required.Contains(name), fields, defs);
    }
}
