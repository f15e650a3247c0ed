using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using BadHttpRequestException = Microsoft.AspNetCore.Http.BadHttpRequestException;

namespace EShop.Api.Infrastructure;

/// <summary>The <c>RequestLimits</c> section: how large a request body may be.</summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "RequestLimits";

    /// <summary>Every endpoint's limit unless it declares its own: the shop's JSON bodies are a few KB at most.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxBodySize { get; set; } = 64 * 1024;

    /// <summary>Stripe's events carry whole PaymentIntents, and the signature covers the exact bytes, so they cannot be cut.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxWebhookBodySize { get; set; } = 512 * 1024;
}

/// <summary>An endpoint's own body limit, which the routing middleware hands to the server per request.</summary>
internal sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

public static class RequestLimits
{
    public static IServiceCollection AddEShopRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RequestLimitsOptions>()
            .Bind(configuration.GetSection(RequestLimitsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Kestrel's own default is 30 MB. The server-wide limit covers every request, routed or not; endpoints
        // that need more (the Stripe webhook) raise it for themselves with WithBodySizeLimit.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>(
            (kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodySize);
        return services;
    }

    public static TBuilder WithBodySizeLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodySizeLimit(maxBytes));

    /// <summary>
    /// Applies the endpoint's limit (or the default) to the request, and refuses a declared Content-Length over it
    /// with 413 before the endpoint runs. A chunked body over the limit is stopped by the server as it is read.
    /// </summary>
    public static IApplicationBuilder UseEShopRequestLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value;
        return app.Use((context, next) =>
        {
            var declared = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
            var limit = declared is null ? limits.MaxBodySize : declared.MaxRequestBodySize;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = limit;

            // The same exception Kestrel throws for a body over its limit, so one handler answers both.
            if (limit is { } max && context.Request.ContentLength > max)
                throw new BadHttpRequestException($"Request body too large. The max request body size is {max} bytes.", StatusCodes.Status413PayloadTooLarge);
            return next(context);
        });
    }
}
