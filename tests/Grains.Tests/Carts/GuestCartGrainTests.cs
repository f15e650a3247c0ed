using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Carts;
using EShop.Grains.Tests.Catalog;
using EShop.Grains.Tests.Infrastructure;
using static EShop.Grains.Tests.Carts.CartProbes;

namespace EShop.Grains.Tests.Carts;

[Collection(SharedCluster.Name)]
public sealed class GuestCartGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan GuestIdleTimeout = new CartOptions().GuestIdleTimeout;

    private readonly string _sku = Products.NewSku("GUEST");

    private IGuestCartGrain NewGuestCart() => fixture.Client.GetGrain<IGuestCartGrain>(GuestCartTokens.KeyOf(GuestCartTokens.New())!);

    private async Task<IGuestCartGrain> GuestHolding(int quantity)
    {
        var guest = NewGuestCart();
        await guest.Issue();
        await fixture.Client.CreateProduct(Products.NewId(), Products.Variant(_sku));
        Assert.Equal(CartChangeStatus.Changed, (await guest.AddItem(_sku, quantity))?.Status);
        return guest;
    }

    [Fact]
    public async Task A_cart_never_issued_is_not_open_and_answers_null()
    {
        var guest = NewGuestCart();

        Assert.False(await guest.IsOpen());
        Assert.Null(await guest.GetCart());
        Assert.Null(await guest.AddItem(_sku, 1));
        Assert.False(await guest.Clear());
    }

    [Fact]
    public async Task Merging_moves_the_lines_into_the_user_cart_once_and_closes_the_guest_cart()
    {
        var guest = await GuestHolding(3);
        var user = fixture.Client.GetGrain<ICartGrain>(CartSamples.NewUserId());
        await user.AddItem(_sku, 98);

        await guest.MergeInto(user.GetPrimaryKeyString());
        await guest.MergeInto(user.GetPrimaryKeyString());

        Assert.Equal([new StockLine(_sku, CartRules.MaxQuantity)], await user.GetLines());
        Assert.False(await guest.IsOpen());
        Assert.Null(await guest.GetCart());
        Assert.Empty(await fixture.Client.GetGrain<ICartGrain>(guest.GetPrimaryKeyString()).GetLines());
    }

    [Fact]
    public async Task The_reminder_closes_a_guest_cart_left_alone_for_the_guest_idle_timeout()
    {
        var guest = await GuestHolding(2);
        fixture.Time.Advance(GuestIdleTimeout - TimeSpan.FromSeconds(1));
        await Tick(guest);
        Assert.True(await guest.IsOpen());

        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await Tick(guest);

        Assert.False(await guest.IsOpen());
        Assert.Empty(await fixture.Client.GetGrain<ICartGrain>(guest.GetPrimaryKeyString()).GetLines());
    }

    // The reminder service keeps its own time on the real clock; the test delivers the ticks itself.
    private static Task Tick(IGuestCartGrain guest) =>
        guest.AsReference<IRemindable>().ReceiveReminder(GuestCartGrain.ExpiryReminder, new TickStatus(DateTime.UtcNow, GuestIdleTimeout, DateTime.UtcNow));
}
