using EShop.Grains.Abstractions.Inventory;
using Orleans.Runtime;

namespace EShop.Grains.Inventory;

[GenerateSerializer, Alias("eshop.inventory-state.v1")]
public sealed class InventoryState
{
    [Id(0)]
    public StockLevel Level { get; set; } = StockLevel.Empty;
}

public sealed class InventoryGrain(
    [PersistentState("inventory", StorageNames.Inventory)] IPersistentState<InventoryState> state)
    : Grain, IInventoryGrain
{
    private string Sku => this.GetPrimaryKeyString();

    public Task<StockLevelView> GetStock() => Task.FromResult(state.State.Level.ToView(Sku));

    public async Task<SetStockResult> SetOnHand(int onHand)
    {
        var (status, level) = state.State.Level.SetOnHand(onHand);
        // The first count is written even when it is zero, so that the sku counts as stocked from then on.
        if (status == SetStockStatus.Updated && (level != state.State.Level || !state.RecordExists))
        {
            state.State.Level = level;
            await state.WriteStateAsync();
        }

        return new SetStockResult(status, state.State.Level.ToView(Sku));
    }

    public async Task<bool> StockIfNew(int onHand)
    {
        if (state.RecordExists)
            return false;
        return (await SetOnHand(onHand)).Status == SetStockStatus.Updated;
    }
}
