using Orleans.Concurrency;

namespace EShop.Grains.Abstractions.Catalog;

/// <summary>One product, keyed by productId.</summary>
[Alias("eshop.IProductGrain")]
public interface IProductGrain : IGrainWithStringKey
{
    // Interleaves with saves: the state is swapped whole, and the sku index asks owners while they save.
    [AlwaysInterleave, Alias("GetProduct")]
    Task<Product?> GetProduct();

    /// <summary>Creates the product under this grain's key; if one is stored already, answers AlreadyExists with it.</summary>
    [Alias("Create")]
    Task<ProductSaveResult> Create(Product product);

    [Alias("Update")]
    Task<ProductSaveResult> Update(Product product);
}

/// <summary>sku -> productId; makes a sku belong to exactly one product.</summary>
[Alias("eshop.ISkuIndexGrain")]
public interface ISkuIndexGrain : IGrainWithStringKey
{
    [Alias("TryClaim")]
    Task<bool> TryClaim(string productId);

    [Alias("Release")]
    Task Release(string productId);

    [ReadOnly, Alias("GetProductId")]
    Task<string?> GetProductId();
}

/// <summary>The listing and search view over every product (one activation: key <see cref="Key"/>).</summary>
[Alias("eshop.ICatalogIndexGrain")]
public interface ICatalogIndexGrain : IGrainWithStringKey
{
    const string Key = "all";

    /// <summary>Records a product at a version; older versions than the one held are ignored.</summary>
    [Alias("Upsert")]
    Task Upsert(Product product, long version);

    [ReadOnly, Alias("Query")]
    Task<ProductPage> Query(ProductQuery query);
}

/// <summary>Questions about one sku that need its index entry and its product together (stateless, any silo: key 0).</summary>
[Alias("eshop.ICatalogSkusGrain")]
public interface ICatalogSkusGrain : IGrainWithIntegerKey
{
    /// <summary>Whether a product lists the sku now, whatever its price: the skus whose stock an admin may keep.</summary>
    [ReadOnly, Alias("IsListed")]
    Task<bool> IsListed(string sku);
}
