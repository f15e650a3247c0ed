using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EShop.Api.Tests.Infrastructure;

/// <summary>
/// The committed OpenAPI document (docs/openapi.json) as a checker: for a documented operation, the status must be
/// one of its responses and a JSON body must match that response's schema (OpenAPI 3.1 schemas are JSON Schema 2020-12).
/// </summary>
public sealed partial class OpenApiContract
{
    // Formats are assertions here (JSON Schema makes them annotations by default): an answer's email or date-time that
    // is not one breaks the contract.
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private const string EventStream = "text/event-stream";
    private readonly JsonObject _paths;
    private readonly string _components;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public OpenApiContract(JsonNode document)
    {
        Document = document;
        _paths = document["paths"]!.AsObject();
        _components = document["components"]?["schemas"]?.ToJsonString() ?? "{}";
    }

    public static OpenApiContract Committed { get; } = new(JsonNode.Parse(File.ReadAllText(EShop.Tests.Shared.Repository.PathOf("docs/openapi.json")))!);

    public JsonNode Document { get; }

    /// <summary>What breaks the contract in this answer; empty when it is documented (or the route is not an operation of the document).</summary>
    public IReadOnlyList<string> Problems(string method, string routeTemplate, int status, string? contentType, ReadOnlyMemory<byte> body)
    {
        var path = Constraint().Replace(routeTemplate.TrimEnd('/'), "{$1}");
        if (_paths[path]?[method.ToLowerInvariant()] is not JsonObject operation)
            return [];
        var where = $"{method} {path} -> {status}";
        if (operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not JsonObject response)
            return [$"{where}: status not documented"];
        var mediaType = contentType?.Split(';')[0].Trim();
        if (mediaType == EventStream)
            return EventStreamProblems(where, response, body);
        if (body.IsEmpty || mediaType is null || !mediaType.EndsWith("json", StringComparison.Ordinal))
            return [];
        if (response["content"] is not JsonObject content)
            return [$"{where}: a {mediaType} body where the document has none"];
        if (content[mediaType] is not JsonObject media)
            return [$"{where}: {mediaType} not documented (documented: {string.Join(", ", content.Select(c => c.Key))})"];
        if (media["schema"] is not JsonObject schemaNode)
            return [];

        var schema = _schemas.GetOrAdd($"{where} {mediaType}", _ => SelfContained(schemaNode));
        return Check(schema, JsonNode.Parse(body.Span), $"{where}: body");
    }

    /// <summary>
    /// An event stream read so far (the client may have left mid-stream): the media type must be documented, every line
    /// a field or a comment, and each complete event's data must match the schema the document names for it (the media
    /// type's <c>x-data-schema</c>).
    /// </summary>
    private List<string> EventStreamProblems(string where, JsonObject response, ReadOnlyMemory<byte> body)
    {
        if (response["content"]?[EventStream] is not JsonObject media)
            return [$"{where}: {EventStream} not documented"];
        var text = System.Text.Encoding.UTF8.GetString(body.Span);
        var complete = text.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (complete < 0)
            return [];
        var dataSchema = media["x-data-schema"] is JsonObject node ? _schemas.GetOrAdd($"{where} {EventStream} data", _ => SelfContained(node)) : null;
        var problems = new List<string>();
        foreach (var frame in text[..complete].Split("\n\n"))
        {
            var lines = frame.Split('\n');
            problems.AddRange(lines.Where(l => l.Length > 0 && l[0] != ':' && !FieldLine().IsMatch(l)).Select(l => $"{where}: not an event stream line: {l}"));
            var data = lines.Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].TrimStart(' ')).ToList();
            if (data.Count == 0 || dataSchema is null)
                continue;
            try
            {
                problems.AddRange(Check(dataSchema, JsonNode.Parse(string.Join('\n', data)), $"{where}: event data"));
            }
            catch (System.Text.Json.JsonException e)
            {
                problems.Add($"{where}: event data is not JSON: {e.Message}");
            }
        }

        return problems;
    }

    /// <summary>
    /// What is wrong with each example in the document: every <c>examples</c> of a schema and every <c>example</c> of
    /// a schema, media type, parameter or header, checked against the schema it illustrates.
    /// </summary>
    public IReadOnlyList<string> ExampleProblems()
    {
        var problems = new List<string>();
        foreach (var (owner, at) in Objects(Document, ""))
        {
            // A media type, parameter or header illustrates its "schema"; a schema illustrates itself.
            var schemaNode = owner["schema"] as JsonObject ?? owner;
            var examples = (owner["examples"] as JsonArray ?? []).Select((e, i) => (e, $"{at}/examples/{i}"))
                .Concat(owner.ContainsKey("example") ? [(owner["example"], $"{at}/example")] : []);
            foreach (var (example, where) in examples)
                problems.AddRange(Check(SelfContained(schemaNode), example?.DeepClone(), where));
        }

        return problems;
    }

    /// <summary>Examples of each component schema, by name: the document's examples a test can require.</summary>
    public IReadOnlyCollection<string> SchemasWithExamples() =>
        [.. (Document["components"]?["schemas"]?.AsObject() ?? []).Where(s => s.Value?["examples"] is JsonArray { Count: > 0 }).Select(s => s.Key)];

    private static IReadOnlyList<string> Check(JsonSchema schema, JsonNode? instance, string where)
    {
        var result = schema.Evaluate(instance, Evaluation);
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{where} at {d.InstanceLocation}: {e.Value}")).Take(5)];
    }

    /// <summary>Every object of the document that carries an example, with its JSON Pointer; examples themselves are not entered.</summary>
    private static IEnumerable<(JsonObject Owner, string At)> Objects(JsonNode? node, string at)
    {
        if (node is JsonObject obj)
        {
            if (obj["examples"] is JsonArray || obj.ContainsKey("example"))
                yield return (obj, at);
            foreach (var (key, child) in obj.Where(p => p.Key is not ("example" or "examples")))
            {
                foreach (var found in Objects(child, $"{at}/{key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}"))
                    yield return found;
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var found in Objects(array[i], $"{at}/{i}"))
                    yield return found;
            }
        }
    }

    /// <summary>The response schema with the document's component schemas as its own $defs, so that every $ref resolves inside it.</summary>
    private JsonSchema SelfContained(JsonObject schema)
    {
        var root = JsonNode.Parse(schema.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
        // The schema's own examples are not part of what it asks of an instance.
        root.Remove("examples");
        root.Remove("example");
        root["$defs"] = JsonNode.Parse(_components.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal));
        return JsonSchema.FromText(root.ToJsonString());
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(:[^}]*)?\}")]
    private static partial Regex Constraint();

    [GeneratedRegex("^(event|id|data|retry)(:.*)?$")]
    private static partial Regex FieldLine();
}

/// <summary>Checks every answer of the Api under test against the committed contract; breaks are kept for the factory.</summary>
internal sealed class ContractCheck(ConcurrentQueue<string> breaks) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, call) =>
        {
            var original = context.Response.Body;
            await using var copy = new TeeStream(original);
            context.Response.Body = copy;
            try
            {
                await call(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            // The management port answers /metrics only (404 for the rest): that port is not the HTTP contract.
            if (context.Connection.LocalPort != ApiFactory.ManagementPort && context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template })
            {
                foreach (var problem in OpenApiContract.Committed.Problems(context.Request.Method, template, context.Response.StatusCode, context.Response.ContentType, copy.Written))
                    breaks.Enqueue(problem);
            }
        });
        next(app);
    };

    /// <summary>Writes through to the response and keeps a copy of the first megabyte.</summary>
    private sealed class TeeStream(Stream inner) : Stream
    {
        private const int Limit = 1 << 20;
        private readonly MemoryStream _copy = new();

        public ReadOnlyMemory<byte> Written => _copy.Length > Limit ? ReadOnlyMemory<byte>.Empty : _copy.GetBuffer().AsMemory(0, (int)_copy.Length);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (_copy.Length <= Limit)
                _copy.Write(bytes);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _copy.Dispose();
            base.Dispose(disposing);
        }
    }
}
