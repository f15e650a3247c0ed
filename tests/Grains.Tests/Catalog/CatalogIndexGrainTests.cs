using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Tests.Infrastructure;

namespace EShop.Grains.Tests.Catalog;

/// <summary>The index is one grain for the whole cluster: each test works in a category of its own.</summary>
[Collection(SharedCluster.Name)]
public sealed class CatalogIndexGrainTests(ClusterFixture fixture)
{
    private readonly string _category = $"c{Guid.NewGuid():N}";

    private ICatalogIndexGrain Index => fixture.Client.GetGrain<ICatalogIndexGrain>(ICatalogIndexGrain.Key);

    private Task<ProductPage> Query(string? search = null, string? category = null) =>
        Index.Query(new ProductQuery(search, category ?? _category, 1, 20));

    private async Task<string> CreateProduct(string name, string description = "Plain.")
    {
        var id = Products.NewId();
        var product = Products.With(id, Products.NewSku()) with { Name = name, Description = description, Category = _category };
        Assert.Equal(ProductSaveStatus.Saved, (await fixture.Client.GetGrain<IProductGrain>(id).Create(product)).Status);
        return id;
    }

    [Fact]
    public async Task Products_created_through_their_grains_are_listed_by_category_and_found_by_search()
    {
        var marker = $"m{Guid.NewGuid():N}";
        var kettle = await CreateProduct("Kettle");
        var bottle = await CreateProduct("Bottle", $"Keeps drinks cold. {marker}");
        var cup = await CreateProduct("Cup");

        var listed = await Query(category: _category.ToUpperInvariant());
        var found = await Query(search: marker);
        var foundAnywhere = await Index.Query(new ProductQuery($"{marker} cold", null, 1, 20));

        Assert.Equal([bottle, cup, kettle], listed.Items.Select(p => p.ProductId));
        Assert.Equal(3, listed.Total);
        Assert.Equal([bottle], found.Items.Select(p => p.ProductId));
        Assert.Equal([bottle], foundAnywhere.Items.Select(p => p.ProductId));
    }

    [Fact]
    public async Task An_update_replaces_the_product_in_the_index()
    {
        var (before, after) = ($"b{Guid.NewGuid():N}", $"a{Guid.NewGuid():N}");
        var id = await CreateProduct("Lamp", before);
        var updated = Products.With(id, Products.NewSku()) with { Name = "Desk Lamp", Description = after, Category = _category };

        await fixture.Client.GetGrain<IProductGrain>(id).Update(updated);

        Assert.Empty((await Query(search: before)).Items);
        var listed = await Query();
        var item = Assert.Single(listed.Items);
        Assert.Equal(("Desk Lamp", after), (item.Name, item.Description));
    }

    [Fact]
    public async Task An_upsert_at_an_older_or_equal_version_is_ignored()
    {
        var id = Products.NewId();
        var product = Products.With(id, Products.NewSku()) with { Category = _category };

        await Index.Upsert(product with { Name = "Version 2" }, 2);
        await Index.Upsert(product with { Name = "Version 1" }, 1);
        await Index.Upsert(product with { Name = "Also version 2" }, 2);
        var afterStale = Assert.Single((await Query()).Items).Name;
        await Index.Upsert(product with { Name = "Version 3" }, 3);

        Assert.Equal("Version 2", afterStale);
        Assert.Equal("Version 3", Assert.Single((await Query()).Items).Name);
    }

    [Fact]
    public async Task Pages_of_the_index_slice_the_matches_and_count_them_all()
    {
        foreach (var name in new[] { "Ant", "Bee", "Cat", "Dog", "Eel" })
            await CreateProduct(name);

        var page = await Index.Query(new ProductQuery(null, _category, 2, 2));

        Assert.Equal(["Cat", "Dog"], page.Items.Select(p => p.Name));
        Assert.Equal(5, page.Total);
    }
}
