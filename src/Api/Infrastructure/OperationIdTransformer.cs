using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EShop.Api.Infrastructure;

/// <summary>
/// A stable operationId for every operation, from the handler that serves it (OrderEndpoints.Place: "orders.place"),
/// so that generated clients get readable method names and a renamed handler shows up as a contract change.
/// </summary>
internal sealed class OperationIdTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId is null && context.Description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault() is { DeclaringType: { } type } handler)
        {
            var area = type.Name.EndsWith("Endpoints", StringComparison.Ordinal) ? type.Name[..^"Endpoints".Length] : type.Name;
            operation.OperationId = $"{char.ToLowerInvariant(area[0])}{area[1..]}.{char.ToLowerInvariant(handler.Name[0])}{handler.Name[1..]}";
        }

        return Task.CompletedTask;
    }
}
