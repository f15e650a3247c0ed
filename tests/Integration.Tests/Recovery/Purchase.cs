using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Abstractions.Users;
using Orleans.Runtime.Placement;

namespace EShop.Integration.Tests.Recovery;

/// <summary>Where new activations go: a test pins an order's grains to the silo it is about to kill.</summary>
internal static class Placement
{
    /// <summary>New activations made under this scope go to <paramref name="silo"/>, and so do those of the calls they make.</summary>
    public static Unpin Pin(SiloAddress silo)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        return default;
    }

    public readonly struct Unpin : IDisposable
    {
        public void Dispose() => RequestContext.Remove(IPlacementDirector.PlacementHintKey);
    }
}

/// <summary>One customer buying <see cref="Quantity"/> units of a fresh sku stocked with <see cref="StartingStock"/>.</summary>
internal sealed class Purchase(TwoSiloCluster cluster, string sku, string userId, string orderId)
{
    public const int StartingStock = 10;
    public const int Quantity = 3;

    private static readonly Address Home = new("", "Ada Lovelace", "12 St James's Square", null, "London", "SW1Y 4JH", "GB");

    public string OrderId => orderId;

    public string UserId => userId;

    /// <summary>What POST /api/orders submits for this customer's cart.</summary>
    public CheckoutSubmission Submission => new(userId, "fingerprint-1", Home, "pm_card_visa");

    public IOrderGrain Order => cluster.Client.GetGrain<IOrderGrain>(orderId);

    public IPaymentGrain Payment => cluster.Client.GetGrain<IPaymentGrain>(orderId);

    public IInventoryGrain Stock => cluster.Client.GetGrain<IInventoryGrain>(sku);

    public ICartGrain Cart => cluster.Client.GetGrain<ICartGrain>(userId);

    public ICheckoutRequestGrain Checkout(string idempotencyKey) => cluster.Client.GetGrain<ICheckoutRequestGrain>($"{userId}/{idempotencyKey}");

    /// <summary>The same purchase, of an order whose id checkout chose.</summary>
    public Purchase WithOrder(string chosenOrderId) => new(cluster, sku, userId, chosenOrderId);

    /// <summary>The product, its stock and the customer's cart, all on <paramref name="silo"/>.</summary>
    public static async Task<Purchase> ArrangeAsync(TwoSiloCluster cluster, SiloAddress silo)
    {
        var (productId, sku) = ($"prd_{Guid.NewGuid():N}", $"SKU-{Guid.NewGuid():N}");
        var purchase = new Purchase(cluster, sku, $"usr_{Guid.NewGuid():N}", $"ord_{Guid.NewGuid():N}");
        var product = new Product(
            productId, "Trail Shoe", "A light shoe for rough paths.", "shoes",
            new Dictionary<string, string> { ["brand"] = "Northwind" },
            [new ProductVariant(sku, "Size 42", new Dictionary<string, string> { ["size"] = "42" }, new Money(1000, "usd"))]);

        using (Placement.Pin(silo))
        {
            Assert.Equal(ProductSaveStatus.Saved, (await cluster.Client.GetGrain<IProductGrain>(productId).Create(product)).Status);
            Assert.Equal(SetStockStatus.Updated, (await purchase.Stock.SetOnHand(StartingStock)).Status);
            Assert.Equal(CartChangeStatus.Changed, (await purchase.Cart.AddItem(sku, Quantity)).Status);
        }

        return purchase;
    }

    /// <summary>The order as checkout prices it, with a card that succeeds.</summary>
    public PlaceOrder Placed
    {
        get
        {
            var line = new OrderLine(sku, "Trail Shoe Size 42", Quantity, new Money(1000, "usd"), new Money(1000L * Quantity, "usd"));
            return new PlaceOrder(userId, [line], line.LineTotal, Home, "pm_card_visa");
        }
    }

    /// <summary>Starts the order on <paramref name="silo"/>, as checkout would.</summary>
    public async Task StartAsync(SiloAddress silo)
    {
        using (Placement.Pin(silo))
            await Order.Start(Placed);
    }

    public async Task AssertConfirmedExactlyOnceAsync(SiloAddress survivor)
    {
        var order = (await Poll.Until(
            () => Order.GetOrder(),
            o => o is not null && o.Status != OrderStatus.Pending,
            $"order {orderId} leaves Pending on the surviving silo",
            Poll.FailoverDeadline,
            () => $"--- silo log ---\n{cluster.Log}"))!;
        var diagnostics = $"order {orderId}: {order}\n--- silo log ---\n{cluster.Log}";

        Assert.True(order.Status == OrderStatus.Confirmed, diagnostics);
        Assert.Equal(survivor, cluster.HostOf(Order));
        Assert.Equal([OrderStatus.Pending, OrderStatus.Confirmed], order.History.Select(h => h.Status));
        Assert.Equal(1, await cluster.LedgerChargesAsync(orderId));
        var payment = await Payment.GetPayment();
        Assert.Equal((PaymentStatus.Succeeded, 1, order.PaymentId), (payment.Status, payment.Charges, payment.PaymentIntentId));
        Assert.Equal(1, cluster.Gateway.Provider.CapturedCharges);

        var stock = await Stock.GetStock();
        var sold = order.Status == OrderStatus.Confirmed ? Quantity : 0;
        // onHand still counts reserved units until they are committed: available + reserved + sold is what is conserved.
        Assert.Equal(StartingStock, stock.Available + stock.Reserved + sold);
        Assert.Equal((StartingStock - Quantity, 0), (stock.OnHand, stock.Reserved));
        Assert.Empty(await Cart.GetLines());
    }
}
