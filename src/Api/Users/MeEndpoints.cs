using System.Security.Claims;
using EShop.Api.Infrastructure;
using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EShop.Api.Users;

public sealed record UpdateProfileRequest(string? FullName);

public sealed record AddressRequest(string? FullName, string? Line1, string? Line2, string? City, string? PostalCode, string? Country)
{
    public Address ToAddress() => new("", FullName ?? "", Line1 ?? "", Line2, City ?? "", PostalCode ?? "", Country ?? "");
}

public sealed record DeleteAccountRequest(string? Password);

/// <summary>The account's profile without its addresses, which the export lists on their own.</summary>
public sealed record ExportedProfile(string UserId, string Email, string FullName, IReadOnlyList<string> Roles);

/// <summary>Everything the shop holds about the signed-in customer (GDPR art. 15 and 20), as one JSON document.</summary>
public sealed record AccountExport(
    DateTimeOffset ExportedAt, ExportedProfile Profile, IReadOnlyList<Address> Addresses, Cart Cart, IReadOnlyList<Order> Orders);

/// <summary>The signed-in customer's own account: profile, addresses, deletion and export.</summary>
public static class MeEndpoints
{
    public static RouteGroupBuilder MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me").WithTags("Account").RequireAuthorization().ValidateRouteIds();
        group.MapGet("/", GetProfile).WithDescription("The signed-in account: userId, email, fullName, roles and saved addresses.");
        group.MapPut("/", UpdateProfile).WithDescription("Changes the account's full name and answers the profile.");
        group.MapPost("/addresses", AddAddress).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription($"Saves an address to the account and answers it with its new addressId. The country is an ISO 3166 " +
                $"alpha-2 code; an account holds at most {UserRules.MaxAddresses} addresses (409 beyond).");
        group.MapGet("/addresses/{addressId}", GetAddress).WithDescription("One of the account's saved addresses; 404 for any other.");
        group.MapDelete("/addresses/{addressId}", RemoveAddress).WithDescription("Removes a saved address; 404 if the account has no such address.");
        group.MapDelete("/", Delete)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithDescription("Deletes the account after checking its current `password` (failures count like a login's): 204, then " +
                "the account cannot log in, its refresh and access tokens stop working, its email can register again as a new " +
                "account, and its name, email, addresses and cart are erased; orders keep what bookkeeping needs (see " +
                "docs/security.md). 401 for a wrong password; 409 while one of its orders is Pending (with pendingOrderId).");
        group.MapGet("/export", Export)
            .WithDescription("Everything the shop holds about the account as one JSON document (an attachment): profile, " +
                "addresses, cart and every order as GET /api/orders/{orderId} answers it.");
        return group;
    }

    internal static async Task<Results<Ok<UserProfile>, ProblemHttpResult>> GetProfile(ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<IUserGrain>(user.UserId()).GetProfile() is { } profile
            ? TypedResults.Ok(profile)
            : NoAccount();

    internal static async Task<Results<Ok<UserProfile>, ValidationProblem, ProblemHttpResult>> UpdateProfile(
        UpdateProfileRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().Require("fullName", request.FullName, 200).ToFailure();
        if (!validation.IsValid)
            return Problems.Invalid(validation);
        return await grains.GetGrain<IUserGrain>(user.UserId()).UpdateFullName(request.FullName!) is { } profile
            ? TypedResults.Ok(profile)
            : NoAccount();
    }

    internal static async Task<Results<Created<Address>, ValidationProblem, ProblemHttpResult>> AddAddress(
        AddressRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var address = request.ToAddress();
        var validation = UserRules.ValidateAddress(address);
        if (!validation.IsValid)
            return Problems.Invalid(validation);
        return await grains.GetGrain<IUserGrain>(user.UserId()).AddAddress(address) is { } stored
            ? TypedResults.Created($"/api/me/addresses/{stored.AddressId}", stored)
            : Problems.Conflict($"An account holds at most {UserRules.MaxAddresses} addresses.");
    }

    internal static async Task<Results<Ok<Address>, ProblemHttpResult>> GetAddress(string addressId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var profile = await grains.GetGrain<IUserGrain>(user.UserId()).GetProfile();
        return profile?.Addresses.FirstOrDefault(a => a.AddressId == addressId) is { } address
            ? TypedResults.Ok(address)
            : Problems.NotFound("No such address.");
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveAddress(string addressId, ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<IUserGrain>(user.UserId()).RemoveAddress(addressId)
            ? TypedResults.NoContent()
            : Problems.NotFound("No such address.");

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        [FromBody] DeleteAccountRequest? request, ClaimsPrincipal user, IGrainFactory grains, AccountStatusCache accounts,
        ShopClock clock, ILoggerFactory loggers, HttpContext http)
    {
        if (string.IsNullOrEmpty(request?.Password))
            return Problems.Invalid("password", "'password' is required: deleting the account asks for it again.");
        if (request.Password.Length > UserRules.MaxPasswordLength)
            return Problems.Invalid("password", $"A password is at most {UserRules.MaxPasswordLength} characters.");

        var userId = user.UserId();
        var result = await grains.GetGrain<IUserGrain>(userId).Delete(new Secret(request.Password), ClientAddresses.Of(http));
        switch (result.Status)
        {
            case DeletionStatus.Deleted:
                accounts.Set(userId, AccountStatus.Deleted);
                var audit = loggers.CreateLogger(AccountAudit.Category);
                AccountAudit.Deleted(audit, userId);
                return TypedResults.NoContent();
            case DeletionStatus.PendingOrder:
                return TypedResults.Problem(
                    "An order of this account is still Pending: delete the account once it has settled.",
                    statusCode: StatusCodes.Status409Conflict, title: "Pending order",
                    extensions: new Dictionary<string, object?> { ["pendingOrderId"] = result.PendingOrderId });
            case DeletionStatus.LockedOut:
                return Problems.RetryLater(http.Response, StatusCodes.Status429TooManyRequests, "Account locked",
                    "Too many wrong passwords for this account: wait before trying again.", result.LockedUntil!.Value - clock.UtcNow);
            case DeletionStatus.Busy:
                return Problems.RetryLater(http.Response, StatusCodes.Status503ServiceUnavailable, "Busy",
                    "The service is checking too many passwords right now; try again shortly.", result.RetryAfter ?? TimeSpan.FromSeconds(1));
            default:
                return Problems.Unauthorized("The password is wrong.");
        }
    }

    internal static async Task<Results<Ok<AccountExport>, ProblemHttpResult>> Export(
        ClaimsPrincipal user, IGrainFactory grains, ShopClock clock, HttpContext http)
    {
        var userId = user.UserId();
        if (await grains.GetGrain<IUserGrain>(userId).GetProfile() is not { } profile)
            return NoAccount();

        var cart = await grains.GetGrain<ICartGrain>(userId).GetCart();
        var orders = new List<Order>();
        foreach (var ids in (await grains.GetGrain<IUserOrdersGrain>(userId).AllOrderIds()).Chunk(100))
            orders.AddRange((await Task.WhenAll(ids.Select(id => grains.GetGrain<IOrderGrain>(id).GetOrder()))).OfType<Order>());

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"eshop-account-{userId}.json\"";
        return TypedResults.Ok(new AccountExport(
            clock.UtcNow, new ExportedProfile(profile.UserId, profile.Email, profile.FullName, profile.Roles), profile.Addresses, cart, orders));
    }

    private static ProblemHttpResult NoAccount() => Problems.NotFound("The account no longer exists.");
}
