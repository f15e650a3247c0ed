using System.Security.Claims;
using EShop.Api.Infrastructure;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Users;

public sealed record UpdateProfileRequest(string? FullName);

public sealed record AddressRequest(string? FullName, string? Line1, string? Line2, string? City, string? PostalCode, string? Country)
{
    public Address ToAddress() => new("", FullName ?? "", Line1 ?? "", Line2, City ?? "", PostalCode ?? "", Country ?? "");
}

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

    private static ProblemHttpResult NoAccount() => Problems.NotFound("The account no longer exists.");
}
