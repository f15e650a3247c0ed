using System.Security.Claims;
using EShop.Api.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EShop.Api.Users;

public static class AuthSetup
{
    public const string AdminPolicy = "admin";
    public const string RoleClaim = "role";

    /// <summary>The schemes of the cart routes: a signed-in customer or a guest cart token.</summary>
    public const string CartSchemes = $"{JwtBearerDefaults.AuthenticationScheme},{CartTokenAuthenticationHandler.SchemeName}";

    public static WebApplicationBuilder AddEShopAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var environment = builder.Environment;
        services.AddOptions<JwtOptions>()
            .Bind(builder.Configuration.GetSection(JwtOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<AccountStatusCache>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, CartTokenAuthenticationHandler>(CartTokenAuthenticationHandler.SchemeName, null);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, ShopClock>((bearer, jwtOptions, clock) =>
            {
                var jwt = jwtOptions.Value;
                bearer.MapInboundClaims = false;
                bearer.TokenHandlers.Clear();
                bearer.TokenHandlers.Add(new CachingTokenHandler(new JsonWebTokenHandler { MapInboundClaims = false }, clock, jwt.ClockSkew));
                // The WWW-Authenticate error_description says why a token failed (expired, which key): useful
                // when developing, a free oracle for anyone forging tokens elsewhere.
                bearer.IncludeErrorDetails = environment.IsDevelopment();
                bearer.Events = new JwtBearerEvents { OnTokenValidated = RequireSubject };
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = TokenService.SigningKey(jwt),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                    RoleClaimType = RoleClaim,
                    // Lifetime is checked on the shop's clock so that tests can move time.
                    LifetimeValidator = (notBefore, expires, _, _) =>
                    {
                        var now = clock.UtcNow.UtcDateTime;
                        return expires is { } end && now < end + jwt.ClockSkew && (notBefore is not { } start || now >= start - jwt.ClockSkew);
                    },
                };
            });

        services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));
        return builder;
    }

    /// <summary>
    /// Every route keys its grains by the subject, so a well-signed token without one is refused here (401)
    /// rather than failing later in a handler (500). A token of a locked or deleted account is refused too
    /// (see <see cref="AccountStatusCache"/>).
    /// </summary>
    private static async Task RequireSubject(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirstValue(JwtRegisteredClaimNames.Sub);
        if (string.IsNullOrWhiteSpace(subject))
        {
            context.Fail("The token names no subject.");
            return;
        }

        if (!await context.HttpContext.RequestServices.GetRequiredService<AccountStatusCache>().IsUsable(subject))
            context.Fail("The account is locked or deleted.");
    }

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? throw new InvalidOperationException("An authenticated user without a subject.");
}
