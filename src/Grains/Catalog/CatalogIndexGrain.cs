using EShop.Grains.Abstractions.Catalog;
using Orleans.Runtime;

namespace EShop.Grains.Catalog;

[GenerateSerializer, Alias("eshop.catalog-index-state.v1")]
public sealed class CatalogIndexState
{
    [Id(0)]
    public Dictionary<string, IndexedProduct> Products { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Immutable, Alias("eshop.indexed-product.v1")]
public sealed record IndexedProduct([property: Id(0)] Product Product, [property: Id(1)] long Version);

public sealed class CatalogIndexGrain(
    [PersistentState("catalog-index", StorageNames.Catalog)] IPersistentState<CatalogIndexState> state)
    : Grain, ICatalogIndexGrain
{
    public async Task Upsert(Product product, long version)
    {
        var products = state.State.Products;
        if (products.TryGetValue(product.ProductId, out var held) && held.Version >= version)
            return;

        products[product.ProductId] = new IndexedProduct(product, version);
        await state.WriteStateAsync();
    }

    public Task<ProductPage> Query(ProductQuery query) =>
        Task.FromResult(CatalogSearch.Query(state.State.Products.Values.Select(p => p.Product), query));
}
