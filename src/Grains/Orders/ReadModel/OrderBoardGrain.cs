using EShop.Grains.Abstractions.Orders;
using Orleans.Concurrency;

namespace EShop.Grains.Orders.ReadModel;

/// <summary>The in-memory read model: one grain holding every order's row (memory storage only, lost on restart).</summary>
[Alias("eshop.order-board-grain")]
public interface IOrderBoardGrain : IGrainWithIntegerKey
{
    [Alias("Apply")]
    Task Apply(AdminOrderRow row);

    [ReadOnly, Alias("Query")]
    Task<AdminOrderPage> Query(AdminOrderQuery query);

    [Alias("AnonymiseUser")]
    Task<int> AnonymiseUser(string userId, string pseudonym);
}

public sealed class OrderBoardGrain : Grain, IOrderBoardGrain
{
    private readonly Dictionary<string, AdminOrderRow> _rows = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Holding the only copy, it stays until the silo stops.
        DelayDeactivation(TimeSpan.MaxValue);
        return Task.CompletedTask;
    }

    public Task Apply(AdminOrderRow row)
    {
        if (!_rows.TryGetValue(row.OrderId, out var held))
            _rows[row.OrderId] = row;
        else if (held.Sequence < row.Sequence)
            _rows[row.OrderId] = row with { UserId = held.UserId };
        return Task.CompletedTask;
    }

    public Task<int> AnonymiseUser(string userId, string pseudonym)
    {
        var rows = _rows.Values.Where(r => r.UserId == userId).ToList();
        foreach (var row in rows)
            _rows[row.OrderId] = row with { UserId = pseudonym };
        return Task.FromResult(rows.Count);
    }

    public Task<AdminOrderPage> Query(AdminOrderQuery query) => Task.FromResult(OrderRows.Page(_rows.Values, query));
}

/// <summary>The memory store: every silo talks to the same board grain.</summary>
public sealed class GrainOrderReadStore(IGrainFactory grains) : IOrderReadStore
{
    private IOrderBoardGrain Board => grains.GetGrain<IOrderBoardGrain>(0);

    public Task ApplyAsync(AdminOrderRow row, CancellationToken cancellationToken = default) => Board.Apply(row);

    public Task<AdminOrderPage> QueryAsync(AdminOrderQuery query, CancellationToken cancellationToken = default) => Board.Query(query);

    public Task<int> AnonymiseUserAsync(string userId, string pseudonym, CancellationToken cancellationToken = default) =>
        Board.AnonymiseUser(userId, pseudonym);
}
