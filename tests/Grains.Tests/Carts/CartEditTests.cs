using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Tests.Catalog;
using EShop.Grains.Tests.Infrastructure;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Carts;

/// <summary>Setting quantities, removing, clearing, and taking out what an order bought.</summary>
[Collection(SharedCluster.Name)]
public sealed class CartEditTests(ClusterFixture fixture) : TeeAndMugCart(fixture)
{
    [Fact]
    public async Task Setting_a_quantity_replaces_the_line_adds_a_missing_one_and_zero_removes_it()
    {
        await StockTeeAndMug();
        await Cart.AddItem(Tee, 5);

        Changed(await Cart.SetQuantity(Tee, 2));
        Changed(await Cart.SetQuantity(Mug, 4));
        Assert.Equal([new StockLine(Tee, 2), new StockLine(Mug, 4)], await Cart.GetLines());

        var cart = Changed(await Cart.SetQuantity(Tee, 0));
        Assert.Equal([Mug], cart.Items.Select(l => l.Sku));
        Assert.Equal(CartChangeStatus.InvalidQuantity, (await Cart.SetQuantity(Mug, -1)).Status);
        Assert.Equal(CartChangeStatus.UnknownSku, (await Cart.SetQuantity(Products.NewSku("GHOST"), 1)).Status);
    }

    [Fact]
    public async Task Removing_is_idempotent_and_clearing_empties_the_cart()
    {
        await StockTeeAndMug();
        await Cart.AddItem(Tee, 1);
        await Cart.AddItem(Mug, 1);

        var once = await Cart.RemoveItem(Tee);
        var twice = await Cart.RemoveItem(Tee);
        await Cart.Clear();

        Assert.Equal([Mug], once.Items.Select(l => l.Sku));
        AssertSameCart(once, twice);
        Assert.Empty((await Cart.GetCart()).Items);
        Assert.Empty(await Cart.GetLines());
    }

    [Fact]
    public async Task An_order_is_taken_out_of_the_cart_once_per_orderId()
    {
        await StockTeeAndMug();
        await Cart.AddItem(Tee, 5);
        await Cart.AddItem(Mug, 1);
        var orderId = $"ord_{Guid.NewGuid():N}";

        await Cart.RemoveOrdered(orderId, [new StockLine(Tee, 2), new StockLine(Mug, 1)]);
        await Cart.RemoveOrdered(orderId, [new StockLine(Tee, 2), new StockLine(Mug, 1)]);

        Assert.Equal([new StockLine(Tee, 3)], await Cart.GetLines());
        await Cart.RemoveOrdered($"ord_{Guid.NewGuid():N}", [new StockLine(Tee, 3)]);
        Assert.Empty(await Cart.GetLines());
    }
}
