using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Carts;
using EShop.Grains.Tests.Catalog;
using EShop.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace EShop.Grains.Tests.Carts;

/// <summary>Puts a cart in a known state and looks inside the silo at what it left behind: stored state and reminders.</summary>
internal static class CartProbes
{
    public static readonly TimeSpan IdleTimeout = new CartOptions().IdleTimeout;

    /// <summary>Creates a product selling <paramref name="sku"/> and puts <paramref name="quantity"/> of it in the cart.</summary>
    public static async Task Holding(this ICartGrain cart, ClusterFixture fixture, string sku, int quantity)
    {
        await fixture.Client.CreateProduct(Products.NewId(), Products.Variant(sku));
        Assert.Equal(CartChangeStatus.Changed, (await cart.AddItem(sku, quantity)).Status);
    }

    // The reminder service keeps its own time on the real clock; the tests deliver ticks themselves.
    public static Task Tick(this ICartGrain cart) =>
        cart.AsReference<IRemindable>().ReceiveReminder(CartGrain.IdleReminder, new TickStatus(DateTime.UtcNow, IdleTimeout, DateTime.UtcNow));

    public static async Task<IList<ReminderEntry>> Reminders(this ClusterFixture fixture, ICartGrain cart) =>
        (await fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>().ReadRows(cart.GetGrainId())).Reminders;

    public static async Task<(CartContents Contents, string? ETag)> Stored(this ClusterFixture fixture, ICartGrain cart)
    {
        var stored = await fixture.StoredState(cart);
        return (stored.State?.Contents ?? CartContents.Empty, stored.ETag);
    }

    /// <summary>The checkout claim as storage holds it.</summary>
    public static async Task<CheckoutClaim?> StoredCheckout(this ClusterFixture fixture, ICartGrain cart) =>
        (await fixture.StoredState(cart)).State?.Checkout;

    private static async Task<GrainState<CartState>> StoredState(this ClusterFixture fixture, ICartGrain cart)
    {
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Carts);
        var stored = new GrainState<CartState>(new CartState());
        await storage.ReadStateAsync("cart", cart.GetGrainId(), stored);
        return stored;
    }
}
