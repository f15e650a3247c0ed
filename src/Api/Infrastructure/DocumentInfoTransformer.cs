using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EShop.Api.Infrastructure;

/// <summary>The document's description: the conventions every operation shares (docs/API.md), said once.</summary>
internal sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info ??= new OpenApiInfo();
        document.Info.Description =
            "The EShop HTTP API. JSON in camelCase; errors are RFC 9457 problem details with a traceId, validation failures a 400 " +
            "with an errors map of field to messages. Money is integer minor units and a lowercase ISO 4217 currency " +
            "({\"amount\": 1999, \"currency\": \"usd\"}); ids are strings; timestamps are ISO 8601 in UTC. Send an access token " +
            "from POST /api/auth/login as 'Authorization: Bearer <accessToken>'.";
        return Task.CompletedTask;
    }
}
