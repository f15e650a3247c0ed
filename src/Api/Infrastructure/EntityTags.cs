using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace EShop.Api.Infrastructure;

/// <summary>
/// Strong ETags computed from an answer's body bytes, and conditional GETs: <c>If-None-Match</c> naming the current tag
/// (or <c>*</c>, or a list holding it; weak comparison, as RFC 9110 13.1.2 has it) answers 304 with the tag and no body.
/// Applied per route (<see cref="WithETag"/>), not as middleware: only answers that are a pure function of their URL
/// may be revalidated this way.
/// </summary>
public static class EntityTags
{
    /// <summary>Stored by clients and caches, but revalidated before each use: the catalog changes at any time.</summary>
    public const string RevalidateAlways = "no-cache";

    /// <summary>A quoted strong tag: the first 128 bits of the body's SHA-256, base64url.</summary>
    public static string For(ReadOnlySpan<byte> body) => $"\"{System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(body).AsSpan(0, 16))}\"";

    /// <summary>Whether the request's If-None-Match names <paramref name="etag"/> (or is <c>*</c>).</summary>
    public static bool NoneMatchHolds(HttpRequest request, string etag)
    {
        var tag = new EntityTagHeaderValue(etag);
        return request.GetTypedHeaders().IfNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(tag, useStrongComparison: false));
    }

    /// <summary>
    /// Answers a 200 JSON result of the route's handler as bytes with their ETag and <see cref="RevalidateAlways"/>,
    /// or 304 when the client holds those bytes already. Other answers (400, 404) pass unchanged and untagged.
    /// </summary>
    public static TBuilder WithETag<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(static async (invocation, next) =>
        {
            var result = await next(invocation);
            var inner = result is INestedHttpResult nested ? nested.Result : result as IResult;
            if (inner is not (IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK } and IValueHttpResult { Value: { } value }))
                return result;

            var context = invocation.HttpContext;
            var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var body = JsonSerializer.SerializeToUtf8Bytes(value, options.GetTypeInfo(value.GetType()));
            var etag = For(body);
            context.Response.Headers.ETag = etag;
            context.Response.Headers.CacheControl = RevalidateAlways;
            return NoneMatchHolds(context.Request, etag)
                ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
                : TypedResults.Bytes(body, "application/json; charset=utf-8");
        });
        builder.Add(endpoint => endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void))));
        return builder.AddOpenApiOperationTransformer(static (operation, _, _) =>
        {
            Document(operation, "no-cache: may be stored, but revalidated (If-None-Match) before each use.");
            return Task.CompletedTask;
        });
    }

    /// <summary>Documents If-None-Match, the 304, and the ETag and Cache-Control headers of a conditional GET.</summary>
    internal static void Document(OpenApiOperation operation, string cacheControl)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = HeaderNames.IfNoneMatch,
            In = ParameterLocation.Header,
            Description = "ETags of answers the client holds (or *): if one is the current ETag, the answer is 304 without a body.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status is not ("200" or "304") || response is not OpenApiResponse documented)
                continue;
            if (status == "304")
                documented.Description = "Not Modified: the If-None-Match names the current ETag; no body.";
            documented.Headers ??= new Dictionary<string, IOpenApiHeader>();
            documented.Headers[HeaderNames.ETag] = new OpenApiHeader
            {
                Description = "A strong ETag of the 200 body; send it as If-None-Match to revalidate.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
            documented.Headers[HeaderNames.CacheControl] = new OpenApiHeader
            {
                Description = cacheControl,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
    }
}
