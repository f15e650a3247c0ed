using EShop.Api.Carts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EShop.Api.Infrastructure;

/// <summary>
/// What authorization adds to an operation's contract: the Bearer requirement, 401 (no valid token) and, where a
/// policy names roles (the admin routes), 403, each answered with problem details as the Api does.
/// </summary>
internal sealed class AuthorizationResponsesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
            return Task.CompletedTask;

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] });
        // Either scheme will do (security requirements are alternatives): the cart routes also take a guest cart token.
        if (metadata.OfType<IAuthorizeData>().Any(a => a.AuthenticationSchemes?.Contains(CartTokenAuthenticationHandler.SchemeName, StringComparison.Ordinal) == true))
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CartTokenAuthenticationHandler.SchemeName, context.Document)] = [] });
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", Problem("Unauthorized: no access token, or an invalid or expired one.", context));
        if (metadata.OfType<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Policy) || !string.IsNullOrEmpty(a.Roles)))
            operation.Responses.TryAdd("403", Problem("Forbidden: the token's account lacks the role this route needs.", context));
        return Task.CompletedTask;
    }

    private static OpenApiResponse Problem(string description, OpenApiOperationTransformerContext context) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
        },
    };
}
