using System.Text.Json.Nodes;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Catalog;
using EShop.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace EShop.Grains.Tests.Catalog;

/// <summary>Images as grain storage (JSON) and the Orleans wire format carry them; state stored before them still loads.</summary>
public sealed class ProductImageStateTests
{
    private static readonly ProductImage Front = new("https://cdn.example.com/front.jpg", "Front");
    private static readonly ProductImage Side = new("/images/products/prd_p1.svg", "Side");

    private static Product WithImages() => Products.With("prd_p1", "SKU-1", "SKU-2") is var product
        ? product with { Images = [Front, Side], Variants = [product.Variants[0] with { Images = [Side] }, product.Variants[1]] }
        : throw new InvalidOperationException();

    [Fact]
    public void Product_state_stored_before_images_existed_loads_with_empty_lists()
    {
        var stored = JsonNode.Parse(GrainStateJson.Serializer.Serialize(new ProductState { Product = WithImages(), Version = 3 }).ToString())!;
        var product = stored["Product"]!.AsObject();
        Assert.True(product.Remove("Images"));
        foreach (var variant in product["Variants"]!.AsArray())
            Assert.True(variant!.AsObject().Remove("Images"));

        var loaded = GrainStateJson.Serializer.Deserialize<ProductState>(BinaryData.FromString(stored.ToJsonString()))!;

        Assert.Equal(3, loaded.Version);
        Assert.Equal("Trail Shoe", loaded.Product!.Name);
        Assert.Empty(loaded.Product.Images);
        Assert.All(loaded.Product.Variants, v => Assert.Empty(v.Images));
        var saved = JsonNode.Parse(GrainStateJson.Serializer.Serialize(loaded).ToString())!;
        Assert.Equal("[]", saved["Product"]!["Images"]!.ToJsonString());
    }

    [Fact]
    public void Stored_images_load_in_order_and_a_null_list_loads_empty()
    {
        var json = GrainStateJson.Serializer.Serialize(new ProductState { Product = WithImages() }).ToString();
        var loaded = GrainStateJson.Serializer.Deserialize<ProductState>(BinaryData.FromString(json))!.Product!;
        var nulled = JsonNode.Parse(json)!;
        nulled["Product"]!["Images"] = null;

        Assert.Equal([Front, Side], loaded.Images);
        Assert.Equal([Side], loaded.Variants[0].Images);
        Assert.Empty(GrainStateJson.Serializer.Deserialize<ProductState>(BinaryData.FromString(nulled.ToJsonString()))!.Product!.Images);
    }

    [Fact]
    public void The_orleans_serializer_carries_images_and_an_absent_list_as_empty()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<Product>(serializer.SerializeToArray(WithImages()))!;
        var plain = serializer.Deserialize<Product>(serializer.SerializeToArray(Products.With("prd_p2", "SKU-3")))!;

        Assert.Equal([Front, Side], copy.Images);
        Assert.Equal([Side], copy.Variants[0].Images);
        Assert.Empty(copy.Variants[1].Images);
        Assert.Empty(plain.Images);
    }
}
