using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Users;

namespace EShop.Integration.Tests.Persistence;

/// <summary>Arranges shop state through the grains, as the Api would; every id it makes up is new.</summary>
internal sealed class Shopper(IGrainFactory grains)
{
    public const string Visa = "pm_card_visa";

    public static readonly Address Home = new("", "Ada Lovelace", "12 St James's Square", null, "London", "SW1Y 4JH", "GB");

    public static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    public static string NewSku() => $"SKU-{Guid.NewGuid():N}";

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public static NewUser NewUser(string userId, string email) => new(userId, email, "Ada Lovelace", "not-a-real-hash", [Roles.Customer]);

    /// <summary>A registration through the email index (which hashes the password: ~0.1 s of CPU).</summary>
    public static Registration Registration(string userId, string email) =>
        new(userId, email, "Ada Lovelace", new Secret("correct horse battery"), [Roles.Customer]);

    public static Product Product(string productId, string sku, long price) => new(
        productId,
        "Trail Shoe",
        "A light shoe for rough paths.",
        "shoes",
        new Dictionary<string, string> { ["brand"] = "Northwind" },
        [new ProductVariant(sku, "Size 42", new Dictionary<string, string> { ["size"] = "42" }, new Money(price, "usd"))]);

    public static CheckoutSubmission Submission(string userId, string fingerprint = "fp-1") => new(userId, fingerprint, Home, Visa);

    /// <summary>A product of its own with one sku; answers (productId, sku).</summary>
    public async Task<(string ProductId, string Sku)> ProductAsync(long price = 1000)
    {
        var (productId, sku) = (NewId("prd"), NewSku());
        Assert.Equal(ProductSaveStatus.Saved, (await grains.GetGrain<IProductGrain>(productId).Create(Product(productId, sku, price))).Status);
        return (productId, sku);
    }

    /// <summary>A sku of its own priced <paramref name="price"/> with <paramref name="onHand"/> on the shelf.</summary>
    public async Task<string> StockedSkuAsync(int onHand, long price = 1000)
    {
        var (_, sku) = await ProductAsync(price);
        Assert.Equal(SetStockStatus.Updated, (await grains.GetGrain<IInventoryGrain>(sku).SetOnHand(onHand)).Status);
        return sku;
    }

    /// <summary>Fills the user's cart and checks out under <paramref name="requestKey"/>, as POST /api/orders does.</summary>
    public async Task<CheckoutResult> CheckoutAsync(string userId, string requestKey, string sku, int quantity)
    {
        Assert.Equal(CartChangeStatus.Changed, (await grains.GetGrain<ICartGrain>(userId).AddItem(sku, quantity)).Status);
        var result = await grains.GetGrain<ICheckoutRequestGrain>(requestKey).Submit(Submission(userId));
        Assert.Equal(CheckoutStatus.Accepted, result.Status);
        return result;
    }

    /// <summary>Polls the order until it leaves Pending; 30 s at most.</summary>
    public async Task<Order> SettledAsync(string orderId)
    {
        var order = await Eventually.Until(
            () => grains.GetGrain<IOrderGrain>(orderId).GetOrder(),
            order => order is not null && order.Status != OrderStatus.Pending,
            TimeSpan.FromSeconds(30),
            $"order {orderId} leaves Pending");
        return order!;
    }

    /// <summary>A full checkout of <paramref name="quantity"/> units that must end Confirmed.</summary>
    public async Task<Order> ConfirmedOrderAsync(string userId, string sku, int quantity, string? requestKey = null)
    {
        var result = await CheckoutAsync(userId, requestKey ?? $"{userId}/{Guid.NewGuid():N}", sku, quantity);
        var order = await SettledAsync(result.Order!.OrderId);
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        return order;
    }
}
