using EShop.Api.Catalog;
using EShop.Api.Infrastructure;
using EShop.Api.Users;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Orders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Api.Orders;

/// <summary>Operators' view of every order, from the read model the order events feed (eventually consistent).</summary>
public static class AdminOrderEndpoints
{
    private static readonly string[] Statuses =
    [
        OrderStatus.Pending, OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Cancelled, OrderStatus.Failed,
    ];

    public static RouteGroupBuilder MapAdminOrderEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/orders").WithTags("Orders").RequireAuthorization(AuthSetup.AdminPolicy);
        group.MapGet("/", List).WithDescription(
            "Every order, newest first, for operators (admin), filtered by status and userId. Read from a model that the order " +
            "events feed, so it may trail the orders themselves by moments.");
        return group;
    }

    internal static async Task<Results<Ok<AdminOrderPage>, ValidationProblem>> List(
        IGrainFactory grains, string? status = null, string? userId = null, int page = 1, int pageSize = 20)
    {
        var validation = new Validation();
        var canonical = string.IsNullOrEmpty(status) ? null : Statuses.FirstOrDefault(s => s.Equals(status, StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrEmpty(status) && canonical is null)
            validation.Add("status", $"The status must be one of {string.Join(", ", Statuses)}.");
        if (userId?.Length > 100)
            validation.Add("userId", "The user id must be at most 100 characters.");
        validation.Paging(page, pageSize);
        if (!validation.IsValid)
            return Problems.Invalid(validation.ToFailure());

        var query = new AdminOrderQuery(canonical, string.IsNullOrEmpty(userId) ? null : userId, page, pageSize);
        return TypedResults.Ok(await grains.GetGrain<IAdminOrdersGrain>(0).Query(query));
    }
}
