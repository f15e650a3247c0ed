using System.Threading.RateLimiting;
using EShop.Api.Carts;
using EShop.Api.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EShop.Api.Infrastructure;

/// <summary>
/// ASP.NET Core's rate limiter with the shop's policies: per client address on the auth routes, per user on
/// checkout and cart writes. A refusal is a 429 problem with Retry-After, written like every other error.
/// </summary>
public static partial class RateLimits
{
    public const string Auth = "auth";
    public const string Checkout = "checkout";
    public const string CartWrites = "cart-writes";
    public const string GuestCarts = "guest-carts";

    // Only limiters without RetryAfter metadata need it; the shop's fixed windows always carry it.
    private static readonly TimeSpan FallbackRetryAfter = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddEShopRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, shop) =>
        {
            var limits = shop.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRejectedAsync;
            limiter.AddPolicy(Auth, http => Window(limits, limits.Auth, $"ip:{ClientAddresses.Of(http)}"));
            limiter.AddPolicy(Checkout, http => Window(limits, limits.Checkout, UserOrAddress(http)));
            limiter.AddPolicy(CartWrites, http => Window(limits, limits.CartWrites, UserOrAddress(http)));
            limiter.AddPolicy(GuestCarts, http => Window(limits, limits.GuestCarts, $"ip:{ClientAddresses.Of(http)}"));
        });
        return services;
    }

    private static RateLimitPartition<string> Window(RateLimitOptions limits, WindowLimit limit, string key) =>
        !limits.Enabled
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.PermitLimit,
                Window = limit.Window,
                QueueLimit = 0,
            });

    // The routes these policies guard require a signed-in user or a guest cart; an address is only the fallback.
    private static string UserOrAddress(HttpContext http) =>
        http.User.GuestCartKey() is { Length: > 0 } cart ? $"cart:{cart}"
        : http.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { Length: > 0 } userId ? $"user:{userId}"
        : $"ip:{ClientAddresses.Of(http)}";

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : FallbackRetryAfter;
        var seconds = Problems.SetRetryAfter(http.Response, retryAfter);
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits));
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var endpoint = http.GetEndpoint();
            LogRefused(logger, endpoint?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "?", (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "?");
        }

        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This client has sent too many requests; try again in {seconds} s.",
            },
        });
    }

    // Debug: under abuse every refused request would log, and the rate-limiting metrics already count them.
    [LoggerMessage(EventId = 3110, Level = LogLevel.Debug, Message = "Rate limit {Policy} refused a request to {Route}")]
    private static partial void LogRefused(ILogger logger, string policy, string route);
}
