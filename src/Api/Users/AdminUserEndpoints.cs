using System.Security.Claims;
using EShop.Api.Infrastructure;
using EShop.Grains.Abstractions.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Users;

public sealed record AdminUser(string UserId, string Email, string FullName, bool Locked);

public sealed record AdminUserList(IReadOnlyList<AdminUser> Items);

public sealed record AccountLock(string UserId, bool Locked);

/// <summary>Operators' tools for customer accounts (admin): find one by email, lock and unlock it. Every action is audited.</summary>
public static class AdminUserEndpoints
{
    public static RouteGroupBuilder MapAdminUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/users").WithTags("Account").RequireAuthorization(AuthSetup.AdminPolicy).ValidateRouteIds();
        group.MapGet("/", Find).WithDescription(
            "Finds the account with exactly this email (compared case-insensitively, as at registration): items holds it, or " +
            "nothing. 400 without a valid email.");
        group.MapPost("/{userId}/lock", Lock).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Locks the account: it cannot log in (403) or refresh, and its access tokens stop working within " +
                "seconds. Idempotent. 404 for an unknown or deleted account; 409 for the admin's own account.");
        group.MapPost("/{userId}/unlock", Unlock).ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Unlocks the account; idempotent. 404 for an unknown or deleted account.");
        return group;
    }

    internal static async Task<Results<Ok<AdminUserList>, ValidationProblem>> Find(
        ClaimsPrincipal admin, IGrainFactory grains, ILoggerFactory loggers, string? email = null)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > UserRules.MaxEmailLength || !UserRules.IsValidEmail(email.Trim()))
            return Problems.Invalid("email", "A valid email is required.");

        var items = new List<AdminUser>();
        if (await grains.GetGrain<IEmailIndexGrain>(UserRules.NormalizeEmail(email)).GetUserId() is { } userId)
        {
            var user = grains.GetGrain<IUserGrain>(userId);
            if (await user.GetProfile() is { } profile)
                items.Add(new AdminUser(profile.UserId, profile.Email, profile.FullName, await user.GetStatus() == AccountStatus.Locked));
        }

        var (audit, adminId) = (loggers.CreateLogger(AccountAudit.Category), admin.UserId());
        AccountAudit.Searched(audit, adminId, items.Count);
        return TypedResults.Ok(new AdminUserList(items));
    }

    internal static async Task<Results<Ok<AccountLock>, ProblemHttpResult>> Lock(
        string userId, ClaimsPrincipal admin, IGrainFactory grains, AccountStatusCache accounts, ILoggerFactory loggers)
    {
        if (userId == admin.UserId())
            return Problems.Conflict("An admin cannot lock their own account.");
        return await SetLocked(userId, true, admin, grains, accounts, loggers);
    }

    internal static Task<Results<Ok<AccountLock>, ProblemHttpResult>> Unlock(
        string userId, ClaimsPrincipal admin, IGrainFactory grains, AccountStatusCache accounts, ILoggerFactory loggers) =>
        SetLocked(userId, false, admin, grains, accounts, loggers);

    private static async Task<Results<Ok<AccountLock>, ProblemHttpResult>> SetLocked(
        string userId, bool locked, ClaimsPrincipal admin, IGrainFactory grains, AccountStatusCache accounts, ILoggerFactory loggers)
    {
        var status = await grains.GetGrain<IUserGrain>(userId).SetLocked(locked);
        if (status is AccountStatus.Unknown or AccountStatus.Deleted)
            return Problems.NotFound("No such account.");

        accounts.Set(userId, status);
        var (audit, adminId) = (loggers.CreateLogger(AccountAudit.Category), admin.UserId());
        if (locked)
            AccountAudit.Locked(audit, adminId, userId);
        else
            AccountAudit.Unlocked(audit, adminId, userId);
        return TypedResults.Ok(new AccountLock(userId, status == AccountStatus.Locked));
    }
}
