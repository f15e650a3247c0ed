using EShop.Api.Infrastructure;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Users;

public sealed record LoadTestCustomersRequest(int? Count);

public sealed record LoadTestCustomer(string UserId, string Email, string AccessToken);

/// <summary>
/// Development only, admins only: <c>POST /api/dev/customers</c> makes up to 1,000 customer accounts at once and
/// answers an access token for each, so that a load test's 2,000 buyers are ready in seconds rather than spending
/// minutes in password hashing. The accounts have no password and no email claim (nobody can log in as them or
/// register their made-up emails' twins); the route does not exist outside Development.
/// </summary>
public static class LoadTestCustomerEndpoints
{
    public const int MaxCount = 1000;

    public static void MapLoadTestCustomerEndpoints(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            return;
        app.MapPost("/api/dev/customers", Create)
            .WithTags("Development")
            .RequireAuthorization(AuthSetup.AdminPolicy);
    }

    internal static async Task<Results<Ok<IReadOnlyList<LoadTestCustomer>>, ValidationProblem>> Create(
        LoadTestCustomersRequest request, IGrainFactory grains, TokenService tokens)
    {
        if (request.Count is not (>= 1 and <= MaxCount))
            return Problems.Invalid("count", $"'count' must be between 1 and {MaxCount}.");

        var customers = await Task.WhenAll(Enumerable.Range(0, request.Count.Value).Select(async _ =>
        {
            var userId = $"usr_{Guid.NewGuid():N}";
            var email = $"load-{userId[4..]}@example.com";
            // No usable hash: the account exists (profile, notifications) but cannot be logged into.
            await grains.GetGrain<IUserGrain>(userId).Create(new NewUser(userId, email, "Load Test", "!no-password", [Roles.Customer]));
            var refresh = await grains.GetGrain<IRefreshTokenFamilyGrain>(RefreshTokens.NewFamilyId()).Start(userId);
            var profile = new UserProfile(userId, email, "Load Test", [Roles.Customer], []);
            return new LoadTestCustomer(userId, email, tokens.Issue(profile, refresh).AccessToken);
        }));
        return TypedResults.Ok<IReadOnlyList<LoadTestCustomer>>(customers);
    }
}
