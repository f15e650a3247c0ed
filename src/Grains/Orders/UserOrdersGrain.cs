using EShop.Grains.Abstractions.Orders;
using Orleans.Runtime;

namespace EShop.Grains.Orders;

[GenerateSerializer, Alias("eshop.user-orders-state.v1")]
public sealed class UserOrdersState
{
    /// <summary>Newest first.</summary>
    [Id(0)] public List<UserOrderEntry> Orders { get; set; } = [];

    /// <summary>Lists an order once, before every older one; of orders created at the same instant the later added is newer.</summary>
    public bool Add(string orderId, DateTimeOffset createdAt)
    {
        if (Orders.Exists(o => o.OrderId == orderId))
            return false;
        var at = Orders.FindIndex(o => o.CreatedAt <= createdAt);
        Orders.Insert(at < 0 ? Orders.Count : at, new UserOrderEntry(orderId, createdAt));
        return true;
    }

    /// <summary>The orderIds of a 1-based page; a page past the end is empty. Page and size come validated.</summary>
    public UserOrderPage Page(int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var skip = (long)(page - 1) * pageSize;
        IReadOnlyList<string> ids = skip >= Orders.Count ? [] : [.. Orders.Skip((int)skip).Take(pageSize).Select(o => o.OrderId)];
        return new UserOrderPage(ids, Orders.Count);
    }
}

[GenerateSerializer, Immutable, Alias("eshop.user-order-entry.v1")]
public sealed record UserOrderEntry([property: Id(0)] string OrderId, [property: Id(1)] DateTimeOffset CreatedAt);

public sealed class UserOrdersGrain(
    [PersistentState("user-orders", StorageNames.Orders)] IPersistentState<UserOrdersState> state) : Grain, IUserOrdersGrain
{
    public async Task Add(string orderId, DateTimeOffset createdAt)
    {
        if (state.State.Add(orderId, createdAt))
            await state.WriteStateAsync();
    }

    public Task<UserOrderPage> Page(int page, int pageSize) => Task.FromResult(state.State.Page(page, pageSize));
}
