using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Tests.Catalog;
using EShop.Grains.Tests.Infrastructure;
using static EShop.Grains.Tests.Carts.CartSamples;

namespace EShop.Grains.Tests.Carts;

/// <summary>Setting quantities, removing, clearing, and taking out what an order bought.</summary>
[Collection(SharedCluster.Name)]
public sealed class CartEditTests(ClusterFixture fixture)
{
    private readonly string _productId = Products.NewId();
    private readonly string _tee = Products.NewSku("TEE");
    private readonly string _mug = Products.NewSku("MUG");

    private readonly string _userId = CartSamples.NewUserId();

    private ICartGrain Cart => fixture.Client.GetGrain<ICartGrain>(_userId);

    private Task<Product> StockTeeAndMug() =>
        fixture.Client.CreateProduct(_productId, Products.Variant(_tee, "Tee M", 1999), Products.Variant(_mug, "Mug", 1600));

    [Fact]
    public async Task Setting_a_quantity_replaces_the_line_adds_a_missing_one_and_zero_removes_it()
    {
        await StockTeeAndMug();
        await Cart.AddItem(_tee, 5);

        Changed(await Cart.SetQuantity(_tee, 2));
        Changed(await Cart.SetQuantity(_mug, 4));
        Assert.Equal([new StockLine(_tee, 2), new StockLine(_mug, 4)], await Cart.GetLines());

        var cart = Changed(await Cart.SetQuantity(_tee, 0));
        Assert.Equal([_mug], cart.Items.Select(l => l.Sku));
        Assert.Equal(CartChangeStatus.InvalidQuantity, (await Cart.SetQuantity(_mug, -1)).Status);
        Assert.Equal(CartChangeStatus.UnknownSku, (await Cart.SetQuantity(Products.NewSku("GHOST"), 1)).Status);
    }

    [Fact]
    public async Task Removing_is_idempotent_and_clearing_empties_the_cart()
    {
        await StockTeeAndMug();
        await Cart.AddItem(_tee, 1);
        await Cart.AddItem(_mug, 1);

        var once = await Cart.RemoveItem(_tee);
        var twice = await Cart.RemoveItem(_tee);
        await Cart.Clear();

        Assert.Equal([_mug], once.Items.Select(l => l.Sku));
        AssertSameCart(once, twice);
        Assert.Empty((await Cart.GetCart()).Items);
        Assert.Empty(await Cart.GetLines());
    }

    [Fact]
    public async Task An_order_is_taken_out_of_the_cart_once_per_orderId()
    {
        await StockTeeAndMug();
        await Cart.AddItem(_tee, 5);
        await Cart.AddItem(_mug, 1);
        var orderId = $"ord_{Guid.NewGuid():N}";

        await Cart.RemoveOrdered(orderId, [new StockLine(_tee, 2), new StockLine(_mug, 1)]);
        await Cart.RemoveOrdered(orderId, [new StockLine(_tee, 2), new StockLine(_mug, 1)]);

        Assert.Equal([new StockLine(_tee, 3)], await Cart.GetLines());
        await Cart.RemoveOrdered($"ord_{Guid.NewGuid():N}", [new StockLine(_tee, 3)]);
        Assert.Empty(await Cart.GetLines());
    }
}
