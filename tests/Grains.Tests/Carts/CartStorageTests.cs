using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Tests.Catalog;
using EShop.Grains.Tests.Infrastructure;
using Orleans.Core.Internal;
using static EShop.Grains.Tests.Carts.CartProbes;

namespace EShop.Grains.Tests.Carts;

/// <summary>A cart writes only real changes and comes back whole from storage.</summary>
[Collection(SharedCluster.Name)]
public sealed class CartStorageTests(ClusterFixture fixture)
{
    private readonly string _userId = CartSamples.NewUserId();
    private readonly string _sku = Products.NewSku("IDLE");

    private ICartGrain Cart => fixture.Client.GetGrain<ICartGrain>(_userId);

    private Task CartWith(int quantity) => Cart.Holding(fixture, _sku, quantity);

    [Fact]
    public async Task Reads_and_refused_or_empty_changes_write_nothing()
    {
        await CartWith(2);
        var before = (await fixture.Stored(Cart)).ETag;

        await Cart.GetCart();
        await Cart.GetLines();
        await Cart.RemoveItem(Products.NewSku("ABSENT"));
        await Cart.SetQuantity(_sku, 2);
        Assert.Equal(CartChangeStatus.UnknownSku, (await Cart.AddItem(Products.NewSku("GHOST"), 1)).Status);
        Assert.Equal(CartChangeStatus.InvalidQuantity, (await Cart.AddItem(_sku, 99)).Status);

        Assert.Equal(before, (await fixture.Stored(Cart)).ETag);
    }

    [Fact]
    public async Task Clearing_an_empty_cart_writes_nothing()
    {
        await Cart.Clear();
        await Cart.RemoveItem(_sku);

        Assert.Null((await fixture.Stored(Cart)).ETag);
        Assert.Empty(await fixture.Reminders(Cart));
    }

    [Fact]
    public async Task A_cart_read_back_from_storage_leaves_new_carts_empty()
    {
        await CartWith(4);

        Assert.Equal(4, Assert.Single((await fixture.Stored(Cart)).Contents.Items).Quantity);

        Assert.Empty(await fixture.Client.GetGrain<ICartGrain>(CartSamples.NewUserId()).GetLines());
    }

    [Fact]
    public async Task A_cart_comes_back_whole_after_its_activation_is_gone_and_still_goes_idle()
    {
        await CartWith(4);
        await Cart.RemoveOrdered("ord_1", [new StockLine(_sku, 1)]);

        await Cart.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Cart.RemoveOrdered("ord_1", [new StockLine(_sku, 1)]);

        Assert.Equal([new StockLine(_sku, 3)], await Cart.GetLines());
        Assert.Equal(_sku, Assert.Single((await Cart.GetCart()).Items).Sku);
        fixture.Time.Advance(IdleTimeout);
        Assert.Empty(await Cart.GetLines());
    }
}
