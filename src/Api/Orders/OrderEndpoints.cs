using System.Globalization;
using System.Security.Claims;
using EShop.Api.Catalog;
using EShop.Api.Infrastructure;
using EShop.Api.Users;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Abstractions.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EShop.Api.Orders;

public sealed record OrderAccepted(string OrderId, string Status);

/// <summary>One page of a customer's orders, newest first; <c>total</c> counts all of them.</summary>
public sealed record OrderList(IReadOnlyList<OrderSummary> Items, int Page, int PageSize, int Total);

public static class OrderEndpoints
{
    public static RouteGroupBuilder MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization().ValidateRouteIds();
        group.MapPost("/", Place)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireRateLimiting(RateLimits.Checkout)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithDescription(
                "Checks out the cart: 202 with the orderId and its status, Pending while the checkout runs. Requires an Idempotency-Key header " +
                "(1-255 characters): the same key with the same body answers the same order again (no second order, no second " +
                "charge), with a different body 422. Ships to shippingAddress or a saved address (addressId); pays with " +
                "paymentMethodId (in test mode pm_card_visa succeeds). Prices come from the catalog, never from the client. 409 " +
                "for an empty cart, or with pendingOrderId while an earlier order from this cart is still Pending.");
        group.MapGet("/", List).WithDescription("The customer's own orders, newest first, one page at a time (pageSize at most 100).");
        group.MapGet("/{orderId}", Get).WithDescription("One order; 404 for another customer's order (admins see every order).");
        group.MapGet("/{orderId}/events", Events)
            .WithoutReadRetry()
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer(OrderEventsContract.Describe)
            .WithDescription(OrderEventsContract.Description);
        group.MapPost("/{orderId}/cancel", Cancel).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Cancels an order until it ships: a paid order is refunded and its stock returned. 409 once shipped.");
        group.MapPost("/{orderId}/ship", Ship).RequireAuthorization(AuthSetup.AdminPolicy).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Marks a Confirmed order as shipped (admin); 409 unless Confirmed.");
        group.MapPost("/{orderId}/deliver", Deliver).RequireAuthorization(AuthSetup.AdminPolicy).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Marks a Shipped order as delivered (admin); 409 unless Shipped.");
        return group;
    }

    internal static async Task<Results<Accepted<OrderAccepted>, ValidationProblem, ProblemHttpResult>> Place(
        [FromHeader(Name = PlaceOrderRequest.IdempotencyHeader)] string? idempotencyKey,
        PlaceOrderRequest request,
        ClaimsPrincipal user,
        IGrainFactory grains)
    {
        var validation = await request.ValidateAsync(idempotencyKey, grains.GetGrain<IPaymentMethodsGrain>(0));
        if (!validation.IsValid)
            return Problems.Invalid(validation);

        var userId = user.UserId();
        var profile = request.AddressId is null ? null : await grains.GetGrain<IUserGrain>(userId).GetProfile();
        if (request.ResolveAddress(profile) is not { } address)
            return Problems.Invalid("addressId", "No such address in your profile.");

        var submission = new CheckoutSubmission(userId, request.Fingerprint(), address, request.PaymentMethodId!);
        var result = await grains.GetGrain<ICheckoutRequestGrain>($"{userId}/{idempotencyKey}").Submit(submission);
        return result.Status switch
        {
            CheckoutStatus.Accepted or CheckoutStatus.Replayed =>
                TypedResults.Accepted($"/api/orders/{result.Order!.OrderId}", new OrderAccepted(result.Order.OrderId, result.Order.Status)),
            CheckoutStatus.DifferentRequest => TypedResults.Problem(
                $"This {PlaceOrderRequest.IdempotencyHeader} was used with a different request.",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused"),
            CheckoutStatus.EmptyCart => Problems.Conflict("The cart is empty."),
            CheckoutStatus.CartBusy => TypedResults.Problem(
                result.Detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                extensions: new Dictionary<string, object?> { ["pendingOrderId"] = result.PendingOrderId }),
            _ => Problems.Conflict(result.Detail ?? "The cart cannot be ordered."),
        };
    }

    internal static async Task<Results<Ok<OrderList>, ValidationProblem>> List(
        ClaimsPrincipal user, IGrainFactory grains, int page = 1, int pageSize = 20)
    {
        var validation = new Validation().Paging(page, pageSize);
        if (!validation.IsValid)
            return Problems.Invalid(validation.ToFailure());

        // Only the page's orders are fetched: a customer with thousands of orders costs one page of grain calls.
        var listed = await grains.GetGrain<IUserOrdersGrain>(user.UserId()).Page(page, pageSize);
        var orders = await Task.WhenAll(listed.OrderIds.Select(id => grains.GetGrain<IOrderGrain>(id).GetOrder()));
        var items = orders.OfType<Order>().Select(o => new OrderSummary(o.OrderId, o.Status, o.Total, o.CreatedAt)).ToList();
        return TypedResults.Ok(new OrderList(items, page, pageSize, listed.Total));
    }

    internal static async Task<Results<Ok<Order>, ProblemHttpResult>> Get(string orderId, ClaimsPrincipal user, IGrainFactory grains) =>
        await Visible(orderId, user, grains) is { } order ? TypedResults.Ok(order) : NoSuchOrder();

    /// <summary>The order's live status (see <see cref="OrderEventsResult"/>), to whoever may GET the order.</summary>
    internal static async Task<Results<OrderEventsResult, ValidationProblem, ProblemHttpResult>> Events(
        string orderId,
        [FromHeader(Name = OrderEventsContract.LastEventIdHeader)] string? lastEventId,
        ClaimsPrincipal user,
        IGrainFactory grains,
        OrderWatchHub hub)
    {
        var after = 0;
        if (lastEventId is not null && !int.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            return Problems.Invalid(OrderEventsContract.LastEventIdHeader, "The id of the last event received: a whole number, 0 or more.");
        if (await Visible(orderId, user, grains) is not { } order || await hub.Open(orderId) is not { } mailbox)
            return NoSuchOrder();

        // A fresh stream starts with the order as it is now.
        return new OrderEventsResult(mailbox, lastEventId is null ? order.Sequence() - 1 : after);
    }

    internal static async Task<Results<Ok<Order>, ProblemHttpResult>> Cancel(string orderId, ClaimsPrincipal user, IGrainFactory grains) =>
        await Visible(orderId, user, grains) is null
            ? NoSuchOrder()
            : Answer(await grains.GetGrain<IOrderGrain>(orderId).Cancel(), "An order can be cancelled until it ships.");

    internal static async Task<Results<Ok<Order>, ProblemHttpResult>> Ship(string orderId, IGrainFactory grains) =>
        Answer(await grains.GetGrain<IOrderGrain>(orderId).Ship(), "Only a confirmed order can ship.");

    internal static async Task<Results<Ok<Order>, ProblemHttpResult>> Deliver(string orderId, IGrainFactory grains) =>
        Answer(await grains.GetGrain<IOrderGrain>(orderId).Deliver(), "Only a shipped order can be delivered.");

    /// <summary>The order if this user may see it: their own, or any for an admin. Others' orders do not exist.</summary>
    private static async Task<Order?> Visible(string orderId, ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<IOrderGrain>(orderId).GetOrder() is { } order && (order.UserId == user.UserId() || user.IsInRole(Roles.Admin))
            ? order
            : null;

    private static Results<Ok<Order>, ProblemHttpResult> Answer(OrderActionResult result, string wrongState) => result.Status switch
    {
        OrderActionStatus.Done => TypedResults.Ok(result.Order!),
        OrderActionStatus.NotFound => NoSuchOrder(),
        _ => Problems.Conflict($"{wrongState} This order is {result.Order!.Status}."),
    };

    private static ProblemHttpResult NoSuchOrder() => Problems.NotFound("No such order.");
}
