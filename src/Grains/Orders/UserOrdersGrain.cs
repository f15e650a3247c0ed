using EShop.Grains.Abstractions.Orders;
using Orleans.Runtime;

namespace EShop.Grains.Orders;

[GenerateSerializer, Alias("eshop.user-orders-state.v1")]
public sealed class UserOrdersState
{
    /// <summary>Newest first.</summary>
    [Id(0)] public List<UserOrderEntry> Orders { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("eshop.user-order-entry.v1")]
public sealed record UserOrderEntry([property: Id(0)] string OrderId, [property: Id(1)] DateTimeOffset CreatedAt);

public sealed class UserOrdersGrain(
    [PersistentState("user-orders", StorageNames.Orders)] IPersistentState<UserOrdersState> state) : Grain, IUserOrdersGrain
{
    public async Task Add(string orderId, DateTimeOffset createdAt)
    {
        if (state.State.Orders.Exists(o => o.OrderId == orderId))
            return;
        var at = state.State.Orders.FindIndex(o => o.CreatedAt < createdAt);
        state.State.Orders.Insert(at < 0 ? state.State.Orders.Count : at, new UserOrderEntry(orderId, createdAt));
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> List() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Orders.Select(o => o.OrderId)]);
}
