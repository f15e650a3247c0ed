using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Notifications;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Notifications;
using EShop.Integration.Tests.Infrastructure;

namespace EShop.Integration.Tests.Persistence;

/// <summary>What one cluster wrote, the next cluster on the same database reads: nothing lives only in a silo.</summary>
public sealed class StateAcrossRestartTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Every_grains_state_written_by_one_cluster_is_read_by_the_next_one_on_the_same_database()
    {
        var database = await postgres.NewDatabaseAsync();
        var (userId, email, familyId) = (Shopper.NewId("usr"), Shopper.NewEmail(), RefreshTokens.NewFamilyId());
        var requestKey = $"{userId}/{Guid.NewGuid():N}";
        string productId, sku, addressId, orderId, intentId;
        Secret token;

        await using (var before = await PostgresCluster.StartAsync(database))
        {
            var grains = before.Client;
            var shop = new Shopper(grains);
            (productId, sku) = await shop.ProductAsync(price: 1500);
            Assert.Equal(SetStockStatus.Updated, (await grains.GetGrain<IInventoryGrain>(sku).SetOnHand(10)).Status);
            Assert.Equal(RegistrationStatus.Created, (await grains.GetGrain<IEmailIndexGrain>(email).Register(Shopper.Registration(userId, email))).Status);
            addressId = (await grains.GetGrain<IUserGrain>(userId).AddAddress(Shopper.Home))!.AddressId;
            token = (await grains.GetGrain<IRefreshTokenFamilyGrain>(familyId).Rotate(await grains.GetGrain<IRefreshTokenFamilyGrain>(familyId).Start(userId))).NewToken!;
            var order = await shop.ConfirmedOrderAsync(userId, sku, 4, requestKey);
            (orderId, intentId) = (order.OrderId, order.PaymentId!);
            Assert.Equal(CartChangeStatus.Changed, (await grains.GetGrain<ICartGrain>(userId).AddItem(sku, 1)).Status);

            // The confirmation mail follows the order's event asynchronously; the cluster stops only once it is
            // recorded, so that the notification's row is there to count (and not there or not, by timing).
            await Eventually.Until(
                () => grains.GetGrain<INotificationGrain>(orderId).GetSent(),
                sent => sent.Count > 0,
                TimeSpan.FromSeconds(30),
                "the confirmation notification is recorded");
        }

        Assert.Equal(
            new Dictionary<string, long>
            {
                ["product"] = 1, ["sku-index"] = 1, ["catalog-index"] = 1, ["inventory"] = 1,
                ["user"] = 1, ["email-index"] = 1, ["refresh-family"] = 1, ["cart"] = 1,
                ["order"] = 1, ["user-orders"] = 1, ["payment"] = 1, ["notification"] = 1,
            },
            await ShopDatabase.StateRowsAsync(database));

        await using var after = await PostgresCluster.StartAsync(database);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], await ShopDatabase.AppliedVersionsAsync(database));
        var next = after.Client;
        Assert.Equal(sku, Assert.Single((await next.GetGrain<IProductGrain>(productId).GetProduct())!.Variants).Sku);
        Assert.Equal(productId, await next.GetGrain<ISkuIndexGrain>(sku).GetProductId());
        Assert.Equal(productId, Assert.Single((await next.GetGrain<ICatalogIndexGrain>(ICatalogIndexGrain.Key).Query(new ProductQuery(sku, null, 1, 10))).Items).ProductId);
        var level = await next.GetGrain<IInventoryGrain>(sku).GetStock();
        Assert.Equal((6, 0), (level.OnHand, level.Reserved));
        Assert.Equal(userId, await next.GetGrain<IEmailIndexGrain>(email).GetUserId());
        Assert.Equal(addressId, Assert.Single((await next.GetGrain<IUserGrain>(userId).GetProfile())!.Addresses).AddressId);
        Assert.Equal(RefreshStatus.Rotated, (await next.GetGrain<IRefreshTokenFamilyGrain>(familyId).Rotate(token)).Status);
        Assert.Equal([new StockLine(sku, 1)], await next.GetGrain<ICartGrain>(userId).GetLines());
        var order2 = await next.GetGrain<IOrderGrain>(orderId).GetOrder();
        Assert.Equal((OrderStatus.Confirmed, new Money(6000, "usd"), intentId), (order2?.Status, order2?.Total, order2?.PaymentId));
        Assert.Equal(orderId, (await next.GetGrain<ICheckoutRequestGrain>(requestKey).Submit(Shopper.Submission(userId))).Order?.OrderId);
        Assert.Equal([orderId], (await next.GetGrain<IUserOrdersGrain>(userId).Page(1, 20)).OrderIds);
        var payment = await next.GetGrain<IPaymentGrain>(orderId).GetPayment();
        Assert.Equal((PaymentStatus.Succeeded, 1, intentId), (payment.Status, payment.Charges, payment.PaymentIntentId));
        Assert.Equal([OrderMessages.Confirmed], await next.GetGrain<INotificationGrain>(orderId).GetSent());
    }
}
