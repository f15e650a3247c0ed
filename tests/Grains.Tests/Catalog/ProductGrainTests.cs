using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Tests.Infrastructure;

namespace EShop.Grains.Tests.Catalog;

[Collection(SharedCluster.Name)]
public sealed class ProductGrainTests(ClusterFixture fixture)
{
    private IProductGrain ProductGrain(string productId) => fixture.Client.GetGrain<IProductGrain>(productId);

    private Task<string?> OwnerOf(string sku) => fixture.Client.GetGrain<ISkuIndexGrain>(sku).GetProductId();

    [Fact]
    public async Task A_created_product_reads_back_in_its_normalized_form()
    {
        var id = Products.NewId();
        var sku = Products.NewSku();
        var product = Products.With(id, sku) with { Name = " Trail Shoe ", Category = "Shoes" };

        var result = await ProductGrain(id).Create(product);
        var stored = await ProductGrain(id).GetProduct();

        Assert.Equal(ProductSaveStatus.Saved, result.Status);
        Assert.NotNull(stored);
        Assert.Equal(("Trail Shoe", "shoes"), (stored.Name, stored.Category));
        var variant = Assert.Single(stored.Variants);
        Assert.Equal((sku, new Money(8900, "usd")), (variant.Sku, variant.Price));
        Assert.Equal("42", variant.Attributes["size"]);
        Assert.Equal(id, await OwnerOf(sku));
    }

    [Fact]
    public async Task The_grain_key_is_the_product_id_whatever_the_body_says()
    {
        var id = Products.NewId();

        var result = await ProductGrain(id).Create(Products.With("some-other-id", Products.NewSku()));

        Assert.Equal(id, result.Product?.ProductId);
        Assert.Equal(id, (await ProductGrain(id).GetProduct())?.ProductId);
    }

    [Fact]
    public async Task Creating_an_invalid_product_answers_invalid_and_stores_nothing()
    {
        var id = Products.NewId();
        var sku = Products.NewSku();
        var invalid = Products.With(id, sku) with { Name = "", Variants = [Products.Variant(sku, currency: "zzz")] };

        var result = await ProductGrain(id).Create(invalid);

        Assert.Equal(ProductSaveStatus.Invalid, result.Status);
        Assert.Equal(["name", "variants[0].price.currency"], result.Validation!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Null(await ProductGrain(id).GetProduct());
        Assert.Null(await OwnerOf(sku));
    }

    [Fact]
    public async Task Creating_over_an_existing_product_answers_already_exists_and_keeps_the_first()
    {
        var id = Products.NewId();
        var firstSku = Products.NewSku();
        var secondSku = Products.NewSku();
        await ProductGrain(id).Create(Products.With(id, firstSku));

        var result = await ProductGrain(id).Create(Products.With(id, secondSku) with { Name = "Other" });

        Assert.Equal(ProductSaveStatus.AlreadyExists, result.Status);
        Assert.Equal("Trail Shoe", (await ProductGrain(id).GetProduct())?.Name);
        Assert.Null(await OwnerOf(secondSku));
    }

    // IProductGrain.Create promises: "a repeat of the same create answers Saved again" (idempotent retries).
    [Fact]
    public async Task A_second_create_under_the_same_id_answers_already_exists_and_keeps_the_first()
    {
        var id = Products.NewId();
        var first = Products.With(id, Products.NewSku());
        await ProductGrain(id).Create(first);

        var repeat = await ProductGrain(id).Create(Products.With(id, Products.NewSku()));

        Assert.Equal(ProductSaveStatus.AlreadyExists, repeat.Status);
        Assert.Equal(first.Variants[0].Sku, Assert.Single(repeat.Product!.Variants).Sku);
        Assert.Equal(first.Variants[0].Sku, Assert.Single((await ProductGrain(id).GetProduct())!.Variants).Sku);
    }

    [Fact]
    public async Task An_update_replaces_the_variants_and_frees_the_removed_sku_for_another_product()
    {
        var id = Products.NewId();
        var (kept, removed, added) = (Products.NewSku(), Products.NewSku(), Products.NewSku());
        await ProductGrain(id).Create(Products.With(id, kept, removed));

        var result = await ProductGrain(id).Update(Products.With(id, kept, added));

        Assert.Equal(ProductSaveStatus.Saved, result.Status);
        Assert.Equal([kept, added], (await ProductGrain(id).GetProduct())!.Variants.Select(v => v.Sku));
        Assert.Equal((id, id, (string?)null), (await OwnerOf(kept), await OwnerOf(added), await OwnerOf(removed)));

        var otherId = Products.NewId();
        var other = await ProductGrain(otherId).Create(Products.With(otherId, removed));
        Assert.Equal(ProductSaveStatus.Saved, other.Status);
        Assert.Equal(otherId, await OwnerOf(removed));
    }

    [Fact]
    public async Task Updating_an_unknown_product_answers_not_found_and_stores_nothing()
    {
        var id = Products.NewId();
        var sku = Products.NewSku();

        var result = await ProductGrain(id).Update(Products.With(id, sku));

        Assert.Equal(ProductSaveStatus.NotFound, result.Status);
        Assert.Null(await ProductGrain(id).GetProduct());
        Assert.Null(await OwnerOf(sku));
    }

    [Fact]
    public async Task An_invalid_update_keeps_the_stored_product()
    {
        var id = Products.NewId();
        var sku = Products.NewSku();
        await ProductGrain(id).Create(Products.With(id, sku));

        var result = await ProductGrain(id).Update(Products.With(id));

        Assert.Equal(ProductSaveStatus.Invalid, result.Status);
        Assert.Equal([sku], (await ProductGrain(id).GetProduct())!.Variants.Select(v => v.Sku));
        Assert.Equal(id, await OwnerOf(sku));
    }

    [Fact]
    public async Task A_product_cannot_take_a_sku_another_product_holds_and_keeps_no_claim_on_its_other_skus()
    {
        var (ownerId, loserId) = (Products.NewId(), Products.NewId());
        var (shared, loserOnly) = (Products.NewSku(), Products.NewSku());
        await ProductGrain(ownerId).Create(Products.With(ownerId, shared));

        var result = await ProductGrain(loserId).Create(Products.With(loserId, loserOnly, shared));

        Assert.Equal((ProductSaveStatus.SkuTaken, shared), (result.Status, result.TakenSku));
        Assert.Null(await ProductGrain(loserId).GetProduct());
        Assert.Equal(ownerId, await OwnerOf(shared));
        Assert.Null(await OwnerOf(loserOnly));

        var thirdId = Products.NewId();
        Assert.Equal(ProductSaveStatus.Saved, (await ProductGrain(thirdId).Create(Products.With(thirdId, loserOnly))).Status);
    }

    [Fact]
    public async Task An_update_onto_another_products_sku_is_refused_and_changes_nothing()
    {
        var (ownerId, updaterId) = (Products.NewId(), Products.NewId());
        var (shared, own, extra) = (Products.NewSku(), Products.NewSku(), Products.NewSku());
        await ProductGrain(ownerId).Create(Products.With(ownerId, shared));
        await ProductGrain(updaterId).Create(Products.With(updaterId, own));

        var result = await ProductGrain(updaterId).Update(Products.With(updaterId, own, extra, shared));

        Assert.Equal((ProductSaveStatus.SkuTaken, shared), (result.Status, result.TakenSku));
        Assert.Equal([own], (await ProductGrain(updaterId).GetProduct())!.Variants.Select(v => v.Sku));
        Assert.Equal((updaterId, (string?)null), (await OwnerOf(own), await OwnerOf(extra)));
    }

    [Fact]
    public async Task Of_many_concurrent_creates_with_one_sku_exactly_one_product_is_saved()
    {
        var sku = Products.NewSku();
        var ids = Enumerable.Range(0, 12).Select(_ => Products.NewId()).ToArray();

        var results = await Task.WhenAll(ids.Select(id => ProductGrain(id).Create(Products.With(id, sku))));

        var saved = Assert.Single(results, r => r.Status == ProductSaveStatus.Saved);
        Assert.All(results.Where(r => r != saved), r => Assert.Equal(ProductSaveStatus.SkuTaken, r.Status));
        Assert.Equal(saved.Product!.ProductId, await OwnerOf(sku));
        var stored = await Task.WhenAll(ids.Select(id => ProductGrain(id).GetProduct()));
        Assert.Single(stored, p => p is not null);
    }
}
