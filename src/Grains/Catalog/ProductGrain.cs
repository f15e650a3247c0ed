using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Events;
using Orleans.Runtime;

namespace EShop.Grains.Catalog;

[GenerateSerializer, Alias("eshop.product-state.v1")]
public sealed class ProductState
{
    [Id(0)]
    public Product? Product { get; set; }

    /// <summary>Bumped on every save; the catalog index keeps the highest version it was told.</summary>
    [Id(1)]
    public long Version { get; set; }

    [Id(2)]
    public List<DomainEvent> Outbox { get; set; } = [];
}

public sealed class ProductGrain(
    [PersistentState("product", StorageNames.Catalog)] IPersistentState<ProductState> state,
    IGrainFactory grains,
    OutboxServices outboxServices) : Grain, IProductGrain, IRemindable
{
    private EventOutbox? outbox;

    private string ProductId => this.GetPrimaryKeyString();

    private EventOutbox Outbox => outbox ??= new EventOutbox(this, () => state.State.Outbox, state.WriteStateAsync, outboxServices);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        // A save that crashed before reaching the index is finished here; the index ignores versions it holds.
        if (state.State.Product is not null)
            await PublishToIndex();
    }

    /// <summary>The outbox's reminder: set only while an event waits for a broker.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Outbox.Publish();
        return Task.CompletedTask;
    }

    public Task<Product?> GetProduct() => Task.FromResult(state.State.Product);

    public async Task<ProductSaveResult> Create(Product product)
    {
        if (state.State.Product is { } existing)
            return new ProductSaveResult(ProductSaveStatus.AlreadyExists, existing);
        return await Save(product, previousSkus: []);
    }

    public async Task<ProductSaveResult> Update(Product product)
    {
        if (state.State.Product is not { } existing)
            return new ProductSaveResult(ProductSaveStatus.NotFound);
        return await Save(product, existing.Variants.Select(v => v.Sku).ToHashSet(StringComparer.Ordinal));
    }

    private async Task<ProductSaveResult> Save(Product product, HashSet<string> previousSkus)
    {
        (product, var validation) = ProductRules.NormalizeAndValidate(product with { ProductId = ProductId });
        if (!validation.IsValid)
            return new ProductSaveResult(ProductSaveStatus.Invalid, Validation: validation);

        var skus = product.Variants.Select(v => v.Sku).ToHashSet(StringComparer.Ordinal);
        var added = skus.Except(previousSkus).ToList();
        if (await ClaimAll(added) is { } taken)
            return new ProductSaveResult(ProductSaveStatus.SkuTaken, TakenSku: taken);

        var previous = state.State.Product;
        state.State.Product = product;
        state.State.Version++;
        RecordSaved(previous, product);
        await state.WriteStateAsync();
        Outbox.Publish();

        // Persisted first: a crash here leaves claims the sku index recognises as abandoned.
        await Task.WhenAll(previousSkus.Except(skus).Select(sku => grains.GetGrain<ISkuIndexGrain>(sku).Release(ProductId)));
        await PublishToIndex();
        return new ProductSaveResult(ProductSaveStatus.Saved, product);
    }

    private void RecordSaved(Product? previous, Product product)
    {
        if (previous is null)
        {
            Outbox.Record(EventStreams.Catalog, EventTypes.ProductCreated, ProductId,
                new ProductCreatedV1(ProductId, product.Name, product.Category, [.. product.Variants.Select(v => new SkuPrice(v.Sku, v.Price))]));
            return;
        }

        Outbox.Record(EventStreams.Catalog, EventTypes.ProductUpdated, ProductId,
            new ProductUpdatedV1(ProductId, product.Name, product.Category, state.State.Version, ProductRules.PriceChanges(previous, product)));
    }

    /// <summary>Claims every sku or none; answers the first sku another product holds.</summary>
    private async Task<string?> ClaimAll(IReadOnlyList<string> skus)
    {
        var claims = await Task.WhenAll(skus.Select(sku => grains.GetGrain<ISkuIndexGrain>(sku).TryClaim(ProductId)));
        var taken = skus.Where((_, i) => !claims[i]).ToList();
        if (taken.Count == 0)
            return null;

        var claimed = skus.Where((_, i) => claims[i]);
        await Task.WhenAll(claimed.Select(sku => grains.GetGrain<ISkuIndexGrain>(sku).Release(ProductId)));
        return taken[0];
    }

    private Task PublishToIndex() =>
        grains.GetGrain<ICatalogIndexGrain>(ICatalogIndexGrain.Key).Upsert(state.State.Product!, state.State.Version);
}
