using EShop.Api.Infrastructure;
using EShop.Grains;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Common;
using EShop.Grains.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Users;

public sealed record RegisterRequest(string? Email, string? Password, string? FullName);

public sealed record RegisterResponse(string UserId, string Email);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth").AllowAnonymous();
        group.MapPost("/register", Register).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/login", Login)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/refresh", Refresh).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/logout", Logout);
        return group;
    }

    internal static async Task<Results<Created<RegisterResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, IGrainFactory grains)
    {
        var validation = UserRules.ValidateRegistration(request.Email, request.Password, request.FullName);
        if (!validation.IsValid)
            return Problems.Invalid(validation);

        var email = request.Email!.Trim();
        var user = new NewUser($"usr_{Guid.NewGuid():N}", email, request.FullName!, await PasswordHashing.HashAsync(request.Password!), [Roles.Customer]);
        if (!await grains.GetGrain<IEmailIndexGrain>(UserRules.NormalizeEmail(email)).Register(user))
            return Problems.Conflict("An account with this email already exists.");
        return TypedResults.Created("/api/me", new RegisterResponse(user.UserId, email));
    }

    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, IGrainFactory grains, TokenService tokens, ShopClock clock, HttpContext http)
    {
        // Shape first: an oversized email never becomes a grain key, an oversized password is never hashed.
        var shape = new Validation().Require("email", request.Email, UserRules.MaxEmailLength);
        if (string.IsNullOrEmpty(request.Password))
            shape.Add("password", "'password' is required.");
        else
            shape.Optional("password", request.Password, PasswordHashing.MaxLength);
        if (!shape.IsValid)
            return Problems.Invalid(shape.ToFailure());

        var password = new Secret(request.Password!);
        var userId = await grains.GetGrain<IEmailIndexGrain>(UserRules.NormalizeEmail(request.Email!)).GetUserId();
        if (userId is null)
        {
            await PasswordHashing.BurnVerificationTimeAsync(password.Value);
            return BadCredentials();
        }

        var result = await grains.GetGrain<IUserGrain>(userId).Login(password);
        switch (result.Status)
        {
            case LoginStatus.Succeeded:
                var refresh = await grains.GetGrain<IRefreshTokenFamilyGrain>(RefreshTokens.NewFamilyId()).Start(userId);
                return TypedResults.Ok(tokens.Issue(result.Profile!, refresh));
            case LoginStatus.LockedOut:
                var retryAfter = Math.Max(1, (int)Math.Ceiling((result.LockedUntil!.Value - clock.UtcNow).TotalSeconds));
                http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(
                    "Too many failed logins: the account is locked for a while.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Account locked");
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

    private static ProblemHttpResult BadCredentials() => Problems.Unauthorized("The email or password is wrong.");

    private static ProblemHttpResult InvalidRefreshToken() =>
        Problems.Unauthorized("The refresh token is invalid, expired, revoked or already used.");
}
