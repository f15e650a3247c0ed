using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EShop.Api.Infrastructure;

/// <summary>
/// What an operation's route adds to its contract: the syntax of each id in the path (the rule the route checks before
/// the handler runs), and the Location header of a 201 or 202, a relative URI of the created or accepted resource.
/// </summary>
internal sealed class RouteContractTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RouteIdRules>().FirstOrDefault() is { } rules)
        {
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path))
            {
                if (rules.Parameters.TryGetValue(parameter.Name!, out var kind) && parameter.Schema is OpenApiSchema schema)
                {
                    parameter.Description = $"{kind.Rule} Another syntax is answered 404, as an unknown {kind.Name} is.";
                    schema.Pattern = kind.Pattern;
                }
            }
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status is "201" or "202" && response is OpenApiResponse created)
            {
                created.Headers ??= new Dictionary<string, IOpenApiHeader>();
                created.Headers["Location"] = new OpenApiHeader
                {
                    Description = status == "201" ? "Where the created resource is read." : "Where the accepted order is followed.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                };
            }
        }

        return Task.CompletedTask;
    }
}
