using EShop.Grains.Abstractions.Common;
using Orleans.Concurrency;

namespace EShop.Grains.Abstractions.Orders;

/// <summary>A filter and page over every order, for operators. Page is 1-based.</summary>
[GenerateSerializer, Immutable, Alias("eshop.admin-order-query.v1")]
public sealed record AdminOrderQuery(
    [property: Id(0)] string? Status,
    [property: Id(1)] string? UserId,
    [property: Id(2)] int Page,
    [property: Id(3)] int PageSize);

/// <summary>One order in the operators' read model, as of its newest event (Sequence).</summary>
[GenerateSerializer, Immutable, Alias("eshop.admin-order-row.v1")]
public sealed record AdminOrderRow(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Status,
    [property: Id(3)] Money Total,
    [property: Id(4)] int ItemCount,
    [property: Id(5)] string? FailureReason,
    [property: Id(6)] string? PaymentId,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] int Sequence);

/// <summary>Newest orders first.</summary>
[GenerateSerializer, Immutable, Alias("eshop.admin-order-page.v1")]
public sealed record AdminOrderPage(
    [property: Id(0)] IReadOnlyList<AdminOrderRow> Items,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] long Total);

/// <summary>Answers operators' order queries from the read model (stateless, any silo).</summary>
[Alias("eshop.admin-orders-grain")]
public interface IAdminOrdersGrain : IGrainWithIntegerKey
{
    [ReadOnly, Alias("Query")]
    Task<AdminOrderPage> Query(AdminOrderQuery query);
}
