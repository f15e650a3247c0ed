using EShop.Api.Carts;
using EShop.Grains.Abstractions.Carts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EShop.Api.Infrastructure;

/// <summary>Declares the bearer and cart-token schemes in the OpenAPI document so that Scalar can send tokens.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token from POST /api/auth/login.",
        };
        document.Components.SecuritySchemes[CartTokenAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = GuestCartTokens.Header,
            Description = "A guest cart token from POST /api/carts; the cart routes take it instead of a Bearer token.",
        };
        return Task.CompletedTask;
    }
}
