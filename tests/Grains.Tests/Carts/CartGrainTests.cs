using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Tests.Catalog;
using EShop.Grains.Tests.Infrastructure;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Carts;

/// <summary>Adding to a cart: lines priced from the catalog as it is now, and the limits on what a cart takes.</summary>
[Collection(SharedCluster.Name)]
public sealed class CartGrainTests(ClusterFixture fixture) : TeeAndMugCart(fixture)
{
    [Fact]
    public async Task A_new_cart_is_empty_with_a_zero_dollar_subtotal()
    {
        var cart = await Cart.GetCart();

        Assert.Empty(cart.Items);
        Assert.Equal(new Money(0, "usd"), cart.Subtotal);
        Assert.Empty(await Cart.GetLines());
    }

    [Fact]
    public async Task Added_items_are_priced_from_the_catalog_and_a_repeated_sku_adds_to_its_line()
    {
        await StockTeeAndMug();

        await Cart.AddItem(Tee, 2);
        await Cart.AddItem(Mug, 1);
        var cart = Changed(await Cart.AddItem(Tee, 3));

        Assert.Equal(
            [
                new CartLine(Tee, ProductId, "Tee M", 5, new Money(1999, "usd"), new Money(9995, "usd")),
                new CartLine(Mug, ProductId, "Mug", 1, new Money(1600, "usd"), new Money(1600, "usd")),
            ],
            cart.Items);
        Assert.Equal(new Money(11595, "usd"), cart.Subtotal);
        AssertSameCart(cart, await Cart.GetCart());
        Assert.Equal([new StockLine(Tee, 5), new StockLine(Mug, 1)], await Cart.GetLines());
    }

    [Fact]
    public async Task An_unknown_sku_is_refused_and_the_cart_is_unchanged()
    {
        await StockTeeAndMug();
        await Cart.AddItem(Tee, 1);

        var change = await Cart.AddItem(Products.NewSku("GHOST"), 1);

        Assert.Equal(CartChangeStatus.UnknownSku, change.Status);
        Assert.Equal([new StockLine(Tee, 1)], await Cart.GetLines());
        Assert.Equal([Tee], change.Cart.Items.Select(l => l.Sku));
    }

    [Fact]
    public async Task Going_past_100_units_on_a_line_is_refused_and_the_line_is_unchanged()
    {
        await StockTeeAndMug();
        await Cart.AddItem(Tee, 60);

        var change = await Cart.AddItem(Tee, 41);

        Assert.Equal(CartChangeStatus.InvalidQuantity, change.Status);
        Assert.Equal([new StockLine(Tee, 60)], await Cart.GetLines());
        Assert.Equal(CartChangeStatus.InvalidQuantity, (await Cart.SetQuantity(Tee, 101)).Status);
        Assert.Equal(CartChangeStatus.InvalidQuantity, (await Cart.AddItem(Tee, 0)).Status);
    }

    [Fact]
    public async Task A_51st_line_is_refused()
    {
        var skus = Enumerable.Range(0, 51).Select(i => Products.NewSku($"L{i}")).ToList();
        await Fixture.Client.CreateProduct(ProductId, [.. skus.Select(sku => Products.Variant(sku, amount: 100))]);
        foreach (var sku in skus.Take(50))
            Changed(await Cart.AddItem(sku, 1));

        var change = await Cart.AddItem(skus[50], 1);

        Assert.Equal(CartChangeStatus.TooManyLines, change.Status);
        Assert.Equal(50, change.Cart.Items.Count);
        Assert.Equal(new Money(5000, "usd"), change.Cart.Subtotal);
        Assert.Equal(2, (await Cart.AddItem(skus[0], 1)).Cart.Items[0].Quantity);
    }

    [Fact]
    public async Task A_sku_priced_in_another_currency_than_the_cart_is_refused()
    {
        await StockTeeAndMug();
        var euroSku = Products.NewSku("EURO");
        await Fixture.Client.CreateProduct(Products.NewId(), Products.Variant(euroSku, "Euro tee", 1500, "eur"));
        await Cart.AddItem(Tee, 1);

        var change = await Cart.AddItem(euroSku, 1);

        Assert.Equal(CartChangeStatus.CurrencyMismatch, change.Status);
        Assert.Equal(CartChangeStatus.CurrencyMismatch, (await Cart.SetQuantity(euroSku, 1)).Status);
        await Cart.RemoveItem(Tee);
        var euroCart = Changed(await Cart.AddItem(euroSku, 2));
        Assert.Equal(new Money(3000, "eur"), euroCart.Subtotal);
    }

    [Fact]
    public async Task Prices_and_names_are_read_again_from_the_catalog_and_a_sku_no_longer_sold_leaves_the_cart()
    {
        var product = await StockTeeAndMug();
        await Cart.AddItem(Tee, 2);
        await Cart.AddItem(Mug, 1);

        var repriced = product with { Variants = [Products.Variant(Tee, "Tee M (new)", 2500)] };
        Assert.Equal(ProductSaveStatus.Saved, (await Fixture.Client.GetGrain<IProductGrain>(ProductId).Update(repriced)).Status);
        var cart = await Cart.GetCart();

        var line = Assert.Single(cart.Items);
        Assert.Equal(("Tee M (new)", new Money(2500, "usd"), new Money(5000, "usd")), (line.Name, line.UnitPrice, line.LineTotal));
        Assert.Equal(new Money(5000, "usd"), cart.Subtotal);
        await Cart.AddItem(Tee, 1);
        Assert.Equal([new StockLine(Tee, 3)], await Cart.GetLines());
    }
}
