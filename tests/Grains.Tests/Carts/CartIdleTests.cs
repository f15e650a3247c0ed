using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Carts;
using EShop.Grains.Tests.Catalog;
using EShop.Grains.Tests.Infrastructure;
using static EShop.Grains.Tests.Carts.CartProbes;

namespace EShop.Grains.Tests.Carts;

/// <summary>An idle cart is emptied: exactly on every call, and by a reminder when nobody calls.</summary>
[Collection(SharedCluster.Name)]
public sealed class CartIdleTests(ClusterFixture fixture)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    private readonly string _userId = CartSamples.NewUserId();
    private readonly string _sku = Products.NewSku("IDLE");

    private ICartGrain Cart => fixture.Client.GetGrain<ICartGrain>(_userId);

    private Task CartWith(int quantity) => Cart.Holding(fixture, _sku, quantity);

    [Fact]
    public async Task A_cart_left_alone_for_the_idle_timeout_answers_empty_at_once()
    {
        await CartWith(3);

        fixture.Time.Advance(IdleTimeout - OneSecond);
        Assert.Equal([new StockLine(_sku, 3)], await Cart.GetLines());
        fixture.Time.Advance(OneSecond);

        Assert.Empty(await Cart.GetLines());
        var cart = await Cart.GetCart();
        Assert.Empty(cart.Items);
        Assert.Equal(new Money(0, "usd"), cart.Subtotal);
    }

    [Fact]
    public async Task A_change_restarts_the_idle_time()
    {
        await CartWith(1);
        fixture.Time.Advance(IdleTimeout / 2);
        await Cart.AddItem(_sku, 1);

        fixture.Time.Advance(IdleTimeout - OneSecond);

        Assert.Equal([new StockLine(_sku, 2)], await Cart.GetLines());
    }

    [Fact]
    public async Task An_item_added_to_an_idle_cart_goes_into_an_empty_one()
    {
        await CartWith(3);
        fixture.Time.Advance(IdleTimeout);

        var cart = (await Cart.AddItem(_sku, 1)).Cart;

        Assert.Equal(1, Assert.Single(cart.Items).Quantity);
        Assert.Equal([new StockLine(_sku, 1)], (await fixture.Stored(Cart)).Contents.Items.Select(i => new StockLine(i.Sku, i.Quantity)));
    }

    [Fact]
    public async Task The_first_item_schedules_the_idle_reminder_with_the_idle_timeout_as_its_period()
    {
        Assert.Empty(await fixture.Reminders(Cart));

        await CartWith(1);

        var reminder = Assert.Single(await fixture.Reminders(Cart));
        Assert.Equal((CartGrain.IdleReminder, IdleTimeout), (reminder.ReminderName, reminder.Period));
    }

    [Fact]
    public async Task The_reminder_empties_an_idle_cart_in_storage_and_then_stops()
    {
        await CartWith(2);
        fixture.Time.Advance(IdleTimeout);

        await Cart.Tick();

        Assert.True((await fixture.Stored(Cart)).Contents.IsEmpty);
        Assert.Empty(await fixture.Reminders(Cart));
    }

    [Fact]
    public async Task A_reminder_tick_before_the_timeout_leaves_the_cart_and_keeps_watching()
    {
        await CartWith(2);
        var before = await fixture.Stored(Cart);
        fixture.Time.Advance(IdleTimeout - OneSecond);

        await Cart.Tick();

        Assert.Equal(before.ETag, (await fixture.Stored(Cart)).ETag);
        Assert.Single(await fixture.Reminders(Cart));
    }

    [Fact]
    public async Task A_cart_emptied_by_a_change_is_unwatched_at_the_next_tick_and_watched_again_when_filled()
    {
        await CartWith(2);
        await Cart.Clear();

        await Cart.Tick();
        Assert.Empty(await fixture.Reminders(Cart));
        await Cart.AddItem(_sku, 1);

        Assert.Single(await fixture.Reminders(Cart));
    }
}
