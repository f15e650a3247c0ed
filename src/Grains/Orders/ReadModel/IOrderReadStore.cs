using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Orders;

namespace EShop.Grains.Orders.ReadModel;

/// <summary>
/// Where the operators' order list lives: a PostgreSQL table with PostgreSQL storage, a grain's memory otherwise.
/// Apply keeps the row with the highest sequence, so redelivered and late events change nothing, and never changes
/// the user id a row was first given (an anonymised row stays anonymised).
/// </summary>
public interface IOrderReadStore
{
    Task ApplyAsync(AdminOrderRow row, CancellationToken cancellationToken = default);

    Task<AdminOrderPage> QueryAsync(AdminOrderQuery query, CancellationToken cancellationToken = default);

    /// <summary>An erased account: its rows are given <paramref name="pseudonym"/> for user id; answers how many.</summary>
    Task<int> AnonymiseUserAsync(string userId, string pseudonym, CancellationToken cancellationToken = default);
}

public static class OrderRows
{
    public static AdminOrderRow From(OrderEventV1 e) => new(
        e.OrderId, e.UserId, e.Status, e.Total, e.ItemCount, e.FailureReason, e.PaymentId, e.CreatedAt, e.OccurredAt, e.Sequence);

    /// <summary>The rule both stores follow: newest first, ties by order id, so that pages never overlap.</summary>
    public static AdminOrderPage Page(IEnumerable<AdminOrderRow> rows, AdminOrderQuery query)
    {
        var matching = rows
            .Where(r => query.Status is null || r.Status == query.Status)
            .Where(r => query.UserId is null || r.UserId == query.UserId)
            .OrderByDescending(r => r.CreatedAt)
            .ThenBy(r => r.OrderId, StringComparer.Ordinal)
            .ToList();
        // In long: a far page of a large size overflows int and would wrap round to the first page.
        var skip = (long)(query.Page - 1) * query.PageSize;
        IReadOnlyList<AdminOrderRow> page = skip >= matching.Count ? [] : [.. matching.Skip((int)skip).Take(query.PageSize)];
        return new AdminOrderPage(page, query.Page, query.PageSize, matching.Count);
    }
}
