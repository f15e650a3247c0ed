using System.Diagnostics;
using EShop.Api.Hosting;
using EShop.Api.Storefront;
using Scalar.AspNetCore;

namespace EShop.Api.Infrastructure;

public static class HttpSetup
{
    /// <summary>Serves <c>/openapi/v1.json</c> and the Scalar UI; defaults to on in Development and Testing only.</summary>
    public const string OpenApiEnabledKey = "OpenApi:Enabled";

    public static WebApplicationBuilder AddEShopHttp(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier));
        // After ASP.NET's writer, which it stands in for when the client accepts no JSON.
        services.AddSingleton<IProblemDetailsWriter, ProblemWriter>();
        services.AddExceptionHandler<ProblemExceptionHandler>();

        // Binding failures throw BadHttpRequestException, which the exception handler turns into problem details.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddEShopRateLimits(builder.Configuration);
        services.AddOpenApi(options => options
            .AddDocumentTransformer<DocumentInfoTransformer>()
            .AddDocumentTransformer<BearerSecurityTransformer>()
            .AddOperationTransformer<AuthorizationResponsesTransformer>()
            .AddOperationTransformer<OperationIdTransformer>()
            .AddOperationTransformer<RouteContractTransformer>()
            .AddSchemaTransformer<ContractSchemaTransformer>()
            .AddSchemaTransformer<SchemaExamples>());
        services.AddEShopHealthChecks(builder.Configuration);
        services.AddEShopRequestLimits(builder.Configuration);
        services.AddEShopReadRetry(builder.Configuration);
        services.AddEShopProxySupport(builder.Configuration);
        builder.AddEShopManagementPort();
        return builder;
    }

    public static WebApplication UseEShopHttp(this WebApplication app)
    {
        app.UseEShopForwardedHeaders();
        app.UseEShopManagementPort();
        app.Use(static (context, next) =>
        {
            // Every response names its trace, errors included, so that a client can quote it. Set as the response
            // starts: the exception handler clears the headers of the request it takes over (a body that cannot be
            // read, say), and a header set now would go with them.
            if (Activity.Current?.Id is { } traceparent)
                context.Response.OnStarting(NameTrace, (context.Response, traceparent));
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseEShopHsts();
        app.UseStatusCodePages();
        app.UseEShopStorefront();
        app.UseEShopRequestLimits();
        app.UseAuthentication();
        app.UseAuthorization();

        // After authentication, so that per-user limits see the user; after authorization, so that refused
        // requests spend no one's budget. Forwarded headers, where used, must come before: limits key on the address.
        app.UseRateLimiter();
        app.UseEShopReadRetry();
        return app;
    }

    public static WebApplication MapEShopOperations(this WebApplication app)
    {
        var environment = app.Environment;
        if (app.Configuration.GetValue<bool?>(OpenApiEnabledKey) ?? (environment.IsDevelopment() || environment.IsEnvironment("Testing")))
        {
            app.MapOpenApi();
            app.MapScalarApiReference();
        }

        app.MapEShopHealthChecks();
        if (app.ServesMetricsOnMainPort())
            app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapCoHostedDashboard();
        return app;
    }

    private static Task NameTrace(object state)
    {
        var (response, traceparent) = ((HttpResponse, string))state;
        response.Headers["traceparent"] = traceparent;
        return Task.CompletedTask;
    }
}
