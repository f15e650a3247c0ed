using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Tests.Catalog;
using EShop.Grains.Tests.Infrastructure;

namespace EShop.Grains.Tests.Orders;

/// <summary>Arranging checkouts through the grains, as the Api would, and waiting for their outcome.</summary>
internal sealed class Shop(IGrainFactory grains)
{
    public static readonly Address Home = new("", "Ada Lovelace", "12 St James's Square", null, "London", "SW1Y 4JH", "GB");

    public Shop(ClusterFixture fixture)
        : this(fixture.Client)
    {
    }

    private IGrainFactory Grains => grains;

    /// <summary>A product of its own with one sku priced 1,000 (minor units), stocked with <paramref name="onHand"/>.</summary>
    public async Task<string> StockedSku(int onHand, long price = 1000)
    {
        var (productId, sku) = (Products.NewId(), Products.NewSku());
        var product = Products.With(productId) with { Variants = [Products.Variant(sku, amount: price)] };
        Assert.Equal(ProductSaveStatus.Saved, (await Grains.GetGrain<IProductGrain>(productId).Create(product)).Status);
        Assert.Equal(SetStockStatus.Updated, (await Stock(sku).SetOnHand(onHand)).Status);
        return sku;
    }

    public IInventoryGrain Stock(string sku) => Grains.GetGrain<IInventoryGrain>(sku);

    public IOrderGrain Order(string orderId) => Grains.GetGrain<IOrderGrain>(orderId);

    public IPaymentGrain Payment(string orderId) => Grains.GetGrain<IPaymentGrain>(orderId);

    /// <summary>Fills the user's cart and checks out, as POST /api/orders does.</summary>
    public async Task<CheckoutResult> Checkout(string userId, string paymentMethodId, params (string Sku, int Quantity)[] lines)
    {
        foreach (var (sku, quantity) in lines)
            Assert.Equal(CartChangeStatus.Changed, (await Grains.GetGrain<ICartGrain>(userId).AddItem(sku, quantity)).Status);
        var submission = new CheckoutSubmission(userId, $"fp-{paymentMethodId}", Home, paymentMethodId);
        return await Grains.GetGrain<ICheckoutRequestGrain>($"{userId}/{Guid.NewGuid():N}").Submit(submission);
    }

    /// <summary>A priced order to start directly under a chosen id.</summary>
    public static PlaceOrder Command(string userId, string sku, int quantity, string paymentMethodId = "pm_card_visa") => new(
        userId,
        [new OrderLine(sku, "Trail Shoe", quantity, new Money(1000, "usd"), new Money(1000L * quantity, "usd"))],
        new Money(1000L * quantity, "usd"),
        Home,
        paymentMethodId);

    /// <summary>
    /// Polls until the order leaves Pending (or another predicate holds), 60 s at most; never sleeps blindly. Every
    /// 100 ms: two hundred pollers at a faster pace would take the silo's time from the orders they wait on.
    /// </summary>
    public async Task<Order> Settled(string orderId, Func<Order, bool>? until = null)
    {
        until ??= o => o.Status != OrderStatus.Pending;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var order = await Order(orderId).GetOrder();
            if (order is not null && until(order))
                return order;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Order {orderId} is still {order?.Status} after 60 s.");
            await Task.Delay(100);
        }
    }

    public static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Still not true after 60 s: {what}");
            await Task.Delay(50);
        }
    }
}
