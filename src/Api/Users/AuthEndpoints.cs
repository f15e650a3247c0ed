using EShop.Api.Infrastructure;
using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Users;

public sealed record RegisterRequest(string? Email, string? Password, string? FullName);

public sealed record RegisterResponse(string UserId, string Email);

/// <param name="CartToken">A guest cart token: its cart is merged into the user's on success, and the token stops working.</param>
public sealed record LoginRequest(string? Email, string? Password, string? CartToken = null);

public sealed record RefreshRequest(string? RefreshToken);

public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth").AllowAnonymous()
            .RequireRateLimiting(RateLimits.Auth)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/register", Register)
            .WithDescription("Creates a customer account and answers its userId. 409 when the email is taken (emails compare " +
                "case-insensitively); 400 for an invalid email or a password shorter than 8 characters.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/login", Login)
            .WithDescription("Exchanges email and password for an access token (a JWT that lives at most 15 minutes) and a refresh " +
                "token. With a guest `cartToken`, that cart is merged into the account's (quantities added, capped per line) and the token stops working. 401 for bad credentials; 429 with Retry-After after 5 failures in a row for the account (lockout); 403 \"Account locked\" for the right password of an account an admin has locked.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/refresh", Refresh).ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithDescription("Exchanges a refresh token for a new pair. The old refresh token stops working (rotation); reusing a " +
                "rotated token answers 401 and revokes its whole token family. 401 too once the account is locked or deleted.");
        group.MapPost("/logout", Logout)
            .WithDescription("Revokes the refresh token's family. Answers 204 whatever the token, so that logging out never tells " +
                "whether a token was valid.");
        return group;
    }

    internal static async Task<Results<Created<RegisterResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, IGrainFactory grains, HttpContext http)
    {
        var validation = UserRules.ValidateRegistration(request.Email, request.Password, request.FullName);
        if (!validation.IsValid)
            return Problems.Invalid(validation);

        var email = request.Email!.Trim();
        var registration = new Registration($"usr_{Guid.NewGuid():N}", email, request.FullName!, new Secret(request.Password!), [Roles.Customer]);
        var result = await grains.GetGrain<IEmailIndexGrain>(UserRules.NormalizeEmail(email)).Register(registration);
        return result.Status switch
        {
            RegistrationStatus.Created => TypedResults.Created("/api/me", new RegisterResponse(registration.UserId, email)),
            RegistrationStatus.Busy => Busy(http, result.RetryAfter),
            _ => Problems.Conflict("An account with this email already exists."),
        };
    }

    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, IGrainFactory grains, TokenService tokens, ShopClock clock, HttpContext http)
    {
        // Shape first: an oversized email never becomes a grain key, an oversized password is never hashed.
        var shape = new Validation().Require("email", request.Email, UserRules.MaxEmailLength);
        if (string.IsNullOrEmpty(request.Password))
            shape.Add("password", "'password' is required.");
        else
            shape.Optional("password", request.Password, UserRules.MaxPasswordLength, TextKind.Opaque);
        if (!shape.IsValid)
            return Problems.Invalid(shape.ToFailure());

        // The email index verifies (or, for an unknown email, spends the same time), counting failures per client address.
        var result = await grains.GetGrain<IEmailIndexGrain>(UserRules.NormalizeEmail(request.Email!))
            .Login(new Secret(request.Password!), ClientAddresses.Of(http));
        switch (result.Status)
        {
            case LoginStatus.Succeeded:
                if (GuestCartTokens.KeyOf(request.CartToken) is { } guestCart)
                    await grains.GetGrain<IGuestCartGrain>(guestCart).MergeInto(result.Profile!.UserId);
                var refresh = await grains.GetGrain<IRefreshTokenFamilyGrain>(RefreshTokens.NewFamilyId()).Start(result.Profile!.UserId);
                return TypedResults.Ok(tokens.Issue(result.Profile, refresh));
            case LoginStatus.LockedOut:
                return Problems.RetryLater(
                    http.Response, StatusCodes.Status429TooManyRequests, "Account locked",
                    "Too many failed logins for this account: wait before trying again.",
                    result.LockedUntil!.Value - clock.UtcNow);
            case LoginStatus.Busy:
                return Busy(http, result.RetryAfter);
            case LoginStatus.AccountLocked:
                // Answered only to the right password, so it tells nothing to someone guessing.
                return TypedResults.Problem(
                    "An administrator has locked this account.", statusCode: StatusCodes.Status403Forbidden, title: "Account locked");
            default:
                return BadCredentials();
        }
    }

    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshRequest request, IGrainFactory grains, TokenService tokens)
    {
        if (RefreshTokenShape(request) is { } invalid)
            return invalid;
        if (!RefreshTokens.TryParse(request.RefreshToken, out var familyId, out _))
            return InvalidRefreshToken();

        var result = await grains.GetGrain<IRefreshTokenFamilyGrain>(familyId).Rotate(new Secret(request.RefreshToken!));
        if (result.Status != RefreshStatus.Rotated)
            return InvalidRefreshToken();
        var profile = await grains.GetGrain<IUserGrain>(result.UserId!).GetProfile();
        return profile is null ? InvalidRefreshToken() : TypedResults.Ok(tokens.Issue(profile, result.NewToken!));
    }

    internal static async Task<Results<NoContent, ValidationProblem>> Logout(RefreshRequest request, IGrainFactory grains)
    {
        if (RefreshTokenShape(request) is { } invalid)
            return invalid;

        // Answers 204 whatever the token: logging out never tells whether a token was valid.
        if (RefreshTokens.TryParse(request.RefreshToken, out var familyId, out _))
            await grains.GetGrain<IRefreshTokenFamilyGrain>(familyId).Revoke(new Secret(request.RefreshToken!));
        return TypedResults.NoContent();
    }

    private static ValidationProblem? RefreshTokenShape(RefreshRequest request) =>
        string.IsNullOrEmpty(request.RefreshToken) ? Problems.Invalid("refreshToken", "A refresh token is required.")
        : request.RefreshToken.Length > RefreshTokens.MaxLength ? Problems.Invalid("refreshToken", $"A refresh token is at most {RefreshTokens.MaxLength} characters.")
        : null;

    private static ProblemHttpResult Busy(HttpContext http, TimeSpan? retryAfter) => Problems.RetryLater(
        http.Response, StatusCodes.Status503ServiceUnavailable, "Busy",
        "The service is checking too many passwords right now; try again shortly.", retryAfter ?? TimeSpan.FromSeconds(1));

    private static ProblemHttpResult BadCredentials() => Problems.Unauthorized("The email or password is wrong.");

    private static ProblemHttpResult InvalidRefreshToken() =>
        Problems.Unauthorized("The refresh token is invalid, expired, revoked or already used.");
}
