using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EShop.Api.Orders;

/// <summary>What GET /api/orders/{orderId}/events promises, in words and in the OpenAPI document.</summary>
internal static class OrderEventsContract
{
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>The OpenAPI extension naming the schema of each event's data line (OpenAPI 3.1 has no itemSchema yet).</summary>
    public const string DataSchemaExtension = "x-data-schema";

    public const string Description =
        "The order's live status as Server-Sent Events (text/event-stream), to whoever may GET the order (404 otherwise). " +
        "First the order as it is now, then one event per status change, each `event: order`, `id: <n>` and " +
        "`data: <the Order JSON, as GET /api/orders/{orderId} answers it>`, where n counts the order's statuses (Pending " +
        "is 1) and the data is the order as it stood at that status. A Last-Event-ID header resumes after that n: every " +
        "later status is sent, none twice. A `:` comment line comes at least every 15 s; the stream ends after Delivered, " +
        "Cancelled or Failed.";

    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("200", out var response) == true && response is OpenApiResponse ok
            && ok.Content?.TryGetValue(OrderEventsResult.MediaType, out var media) == true)
        {
            ok.Description = "Order events until a final status ends the stream, each `event: order`, `id: <n>`, `data: <Order JSON>`, blank line.";
            media.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            media.Extensions[DataSchemaExtension] = new JsonNodeExtension(new JsonObject { ["$ref"] = "#/components/schemas/Order" });
        }

        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.Name == LastEventIdHeader))
        {
            parameter.Description = "Resumes after this event id (sequence): the id of the last event the client received.";
            if (parameter.Schema is OpenApiSchema schema)
                schema.Pattern = "^[0-9]{1,9}$";
        }

        return Task.CompletedTask;
    }
}
