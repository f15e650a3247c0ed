using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Inventory;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Abstractions.Payments;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Users;

namespace EShop.Integration.Tests.Persistence;

/// <summary>Every grain's state is written to PostgreSQL and read back whole by its next activation.</summary>
[Collection(SharedPostgresCluster.Name)]
public sealed class GrainStateRoundTripTests(SharedPostgresClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private string Database => fixture.ConnectionString;

    [Fact]
    public async Task A_product_its_sku_claim_and_its_catalog_listing_come_back_after_deactivation()
    {
        var (productId, sku) = (Shopper.NewId("prd"), Shopper.NewSku());
        var product = Grains.GetGrain<IProductGrain>(productId);
        Assert.Equal(ProductSaveStatus.Saved, (await product.Create(Shopper.Product(productId, sku, 2500))).Status);
        var (claim, catalog) = (Grains.GetGrain<ISkuIndexGrain>(sku), Grains.GetGrain<ICatalogIndexGrain>(ICatalogIndexGrain.Key));

        await fixture.DeactivateAsync(product, claim, catalog);

        var stored = await product.GetProduct();
        Assert.NotNull(stored);
        Assert.Equal((productId, "Trail Shoe", "shoes", "Northwind"), (stored.ProductId, stored.Name, stored.Category, stored.Attributes["brand"]));
        var variant = Assert.Single(stored.Variants);
        Assert.Equal((sku, "Size 42", "42", new Money(2500, "usd")), (variant.Sku, variant.Name, variant.Attributes["size"], variant.Price));
        Assert.Equal(productId, await claim.GetProductId());
        var listed = await catalog.Query(new ProductQuery(sku, null, 1, 10));
        Assert.Equal(productId, Assert.Single(listed.Items).ProductId);
        Assert.Equal(1, await ShopDatabase.RowsAsync(Database, "product", productId));
        Assert.Equal(1, await ShopDatabase.RowsAsync(Database, "sku-index", sku));
        Assert.Equal(1, await ShopDatabase.RowsAsync(Database, "catalog-index", ICatalogIndexGrain.Key));
    }

    [Fact]
    public async Task A_released_sku_claim_reads_back_as_free_and_is_stored_again_for_its_next_owner()
    {
        var (first, second, kept, released) = (Shopper.NewId("prd"), Shopper.NewId("prd"), Shopper.NewSku(), Shopper.NewSku());
        var product = Grains.GetGrain<IProductGrain>(first);
        var both = Shopper.Product(first, kept, 1000);
        Assert.Equal(ProductSaveStatus.Saved, (await product.Create(both with { Variants = [.. both.Variants, both.Variants[0] with { Sku = released }] })).Status);
        Assert.Equal(ProductSaveStatus.Saved, (await product.Update(both)).Status);
        var claim = Grains.GetGrain<ISkuIndexGrain>(released);

        await fixture.DeactivateAsync(claim);

        Assert.Null(await claim.GetProductId());
        Assert.Equal(0, await ShopDatabase.RowsAsync(Database, "sku-index", released));
        Assert.Equal(ProductSaveStatus.Saved, (await Grains.GetGrain<IProductGrain>(second).Create(Shopper.Product(second, released, 1000))).Status);
        await fixture.DeactivateAsync(claim);
        Assert.Equal(second, await claim.GetProductId());
        Assert.Equal(1, await ShopDatabase.RowsAsync(Database, "sku-index", released));
    }

    [Fact]
    public async Task Stock_and_a_live_reservation_come_back_after_deactivation()
    {
        var (sku, orderId) = (Shopper.NewSku(), Shopper.NewId("ord"));
        var stock = Grains.GetGrain<IInventoryGrain>(sku);
        Assert.Equal(SetStockStatus.Updated, (await stock.SetOnHand(7)).Status);
        Assert.Equal(ReservationOutcome.Reserved, await stock.Reserve(orderId, 2, TimeSpan.FromMinutes(10)));

        await fixture.DeactivateAsync(stock);

        var level = await stock.GetStock();
        Assert.Equal((7, 2, 5), (level.OnHand, level.Reserved, level.Available));
        // The hold itself came back: a repeat is answered from it, and what it holds is not available to others.
        Assert.Equal(ReservationOutcome.Reserved, await stock.Reserve(orderId, 2, TimeSpan.FromMinutes(10)));
        Assert.Equal(ReservationOutcome.OutOfStock, await stock.Reserve(Shopper.NewId("ord"), 6, TimeSpan.FromMinutes(10)));
        Assert.Equal(1, await ShopDatabase.RowsAsync(Database, "inventory", sku));
    }

    [Fact]
    public async Task A_grain_whose_stored_version_reached_the_int_maximum_keeps_saving()
    {
        // Versions are 64-bit: a grain written more than 2^31 times goes on counting.
        var sku = Shopper.NewSku();
        var stock = Grains.GetGrain<IInventoryGrain>(sku);
        Assert.Equal(SetStockStatus.Updated, (await stock.SetOnHand(1)).Status);
        await fixture.DeactivateAsync(stock);
        await ShopDatabase.ScalarAsync<object?>(
            Database, "UPDATE eshop_grain_state SET version = 2147483647 WHERE state_name = 'inventory' AND grain_key = $1", sku);

        Assert.Equal(SetStockStatus.Updated, (await stock.SetOnHand(2)).Status);
        Assert.Equal(SetStockStatus.Updated, (await stock.SetOnHand(3)).Status);
        await fixture.DeactivateAsync(stock);

        Assert.Equal(3, (await stock.GetStock()).OnHand);
        Assert.Equal(2147483649L, await ShopDatabase.ScalarAsync<long>(
            Database, "SELECT version FROM eshop_grain_state WHERE state_name = 'inventory' AND grain_key = $1", sku));
    }

    [Fact]
    public async Task An_account_with_its_address_and_its_email_claim_comes_back_after_deactivation()
    {
        var (userId, email) = (Shopper.NewId("usr"), Shopper.NewEmail());
        var (index, user) = (Grains.GetGrain<IEmailIndexGrain>(email), Grains.GetGrain<IUserGrain>(userId));
        Assert.Equal(RegistrationStatus.Created, (await index.Register(Shopper.Registration(userId, email))).Status);
        var address = await user.AddAddress(Shopper.Home);
        Assert.NotNull(address);

        await fixture.DeactivateAsync(index, user);

        Assert.Equal(userId, await index.GetUserId());
        var profile = await user.GetProfile();
        Assert.NotNull(profile);
        Assert.Equal((email, "Ada Lovelace", Roles.Customer), (profile.Email, profile.FullName, Assert.Single(profile.Roles)));
        Assert.Equal(address, Assert.Single(profile.Addresses));
        // The stored claim still holds the email against another user.
        Assert.Equal(RegistrationStatus.EmailTaken, (await index.Register(Shopper.Registration(Shopper.NewId("usr"), email))).Status);
        Assert.Equal(1, await ShopDatabase.RowsAsync(Database, "email-index", email));
        Assert.Equal(1, await ShopDatabase.RowsAsync(Database, "user", userId));
    }

    [Fact]
    public async Task A_client_locked_out_of_an_account_stays_locked_out_after_deactivation_and_only_that_client()
    {
        var (userId, email) = (Shopper.NewId("usr"), Shopper.NewEmail());
        var (attacker, owner) = ("198.51.100.7", "2001:db8:1:2::/64");
        var user = Grains.GetGrain<IUserGrain>(userId);
        Assert.True(await user.Create(Shopper.NewUser(userId, email) with { PasswordHash = PasswordHashing.Hash("correct horse") }));
        for (var attempt = 0; attempt < new AccountOptions().MaxFailedLogins; attempt++)
            Assert.Equal(LoginStatus.BadCredentials, (await user.Login(new Secret("wrong password"), attacker)).Status);

        await fixture.DeactivateAsync(user);

        var login = await user.Login(new Secret("correct horse"), attacker);
        Assert.Equal(LoginStatus.LockedOut, login.Status);
        Assert.True(login.LockedUntil > DateTimeOffset.UtcNow);
        Assert.Equal(LoginStatus.Succeeded, (await user.Login(new Secret("correct horse"), owner)).Status);
    }

    [Fact]
    public async Task A_refresh_token_family_keeps_its_current_and_its_rotated_out_tokens_across_deactivation()
    {
        var (familyId, userId) = (RefreshTokens.NewFamilyId(), Shopper.NewId("usr"));
        var family = Grains.GetGrain<IRefreshTokenFamilyGrain>(familyId);
        var first = await family.Start(userId);
        var rotated = await family.Rotate(first);
        Assert.Equal(RefreshStatus.Rotated, rotated.Status);

        await fixture.DeactivateAsync(family);

        var next = await family.Rotate(rotated.NewToken!);
        Assert.Equal((RefreshStatus.Rotated, userId), (next.Status, next.UserId));
        Assert.Equal(RefreshStatus.ReuseDetected, (await family.Rotate(first)).Status);
        await fixture.DeactivateAsync(family);
        Assert.Equal(RefreshStatus.Invalid, (await family.Rotate(next.NewToken!)).Status);
        Assert.Equal(1, await ShopDatabase.RowsAsync(Database, "refresh-family", familyId));
    }

    [Fact]
    public async Task A_cart_comes_back_after_deactivation_priced_from_the_catalog()
    {
        var (_, sku) = await fixture.Shop.ProductAsync(price: 1250);
        var userId = Shopper.NewId("usr");
        var cart = Grains.GetGrain<ICartGrain>(userId);
        Assert.Equal(CartChangeStatus.Changed, (await cart.AddItem(sku, 3)).Status);

        await fixture.DeactivateAsync(cart);

        Assert.Equal([new StockLine(sku, 3)], await cart.GetLines());
        var priced = await cart.GetCart();
        Assert.Equal(new Money(3750, "usd"), priced.Subtotal);
        Assert.Equal(1, await ShopDatabase.RowsAsync(Database, "cart", userId));
    }

    [Fact]
    public async Task A_guest_cart_and_its_lines_come_back_after_deactivation_and_stay_closed_once_merged()
    {
        var (_, sku) = await fixture.Shop.ProductAsync(price: 1250);
        var key = GuestCartTokens.KeyOf(GuestCartTokens.New())!;
        var guest = Grains.GetGrain<IGuestCartGrain>(key);
        await guest.Issue();
        Assert.Equal(CartChangeStatus.Changed, (await guest.AddItem(sku, 2))!.Status);

        await fixture.DeactivateAsync(guest, Grains.GetGrain<ICartGrain>(key));

        Assert.Equal(new Money(2500, "usd"), (await guest.GetCart())!.Subtotal);
        Assert.Equal(1, await ShopDatabase.RowsAsync(Database, "guest-cart", key));
        var userId = Shopper.NewId("usr");
        await guest.MergeInto(userId);
        await fixture.DeactivateAsync(guest, Grains.GetGrain<ICartGrain>(userId));
        // Closed for good: the merge was stored, so a replayed login with the token adds nothing twice.
        Assert.Null(await guest.GetCart());
        Assert.False(await guest.IsOpen());
        Assert.Equal([new StockLine(sku, 2)], await Grains.GetGrain<ICartGrain>(userId).GetLines());
    }

    [Fact]
    public async Task A_carts_checkout_claim_comes_back_after_deactivation_and_still_blocks_another_checkout()
    {
        var (_, sku) = await fixture.Shop.ProductAsync(price: 1250);
        var (userId, claimed, other) = (Shopper.NewId("usr"), Shopper.NewId("ord"), Shopper.NewId("ord"));
        var cart = Grains.GetGrain<ICartGrain>(userId);
        Assert.Equal(CartChangeStatus.Changed, (await cart.AddItem(sku, 2)).Status);
        Assert.Equal(CheckoutClaimStatus.Claimed, (await cart.ClaimCheckout(claimed)).Status);

        await fixture.DeactivateAsync(cart);

        // Its order never started, and the claim is younger than the start timeout: it still holds the cart.
        var refused = await cart.ClaimCheckout(other);
        Assert.Equal((CheckoutClaimStatus.Busy, claimed), (refused.Status, refused.PendingOrderId));
        await cart.ReleaseCheckout(claimed);
        await fixture.DeactivateAsync(cart);
        var taken = await cart.ClaimCheckout(other);
        Assert.Equal(CheckoutClaimStatus.Claimed, taken.Status);
        Assert.Equal([new StockLine(sku, 2)], taken.Lines);
        Assert.Equal(1, await ShopDatabase.RowsAsync(Database, "cart", userId));
    }

    [Fact]
    public async Task A_confirmed_checkout_its_request_the_users_orders_and_the_payment_come_back_after_deactivation()
    {
        var sku = await fixture.Shop.StockedSkuAsync(onHand: 5, price: 1000);
        var userId = Shopper.NewId("usr");
        var requestKey = $"{userId}/{Guid.NewGuid():N}";
        var placed = await fixture.Shop.ConfirmedOrderAsync(userId, sku, 2, requestKey);
        var (order, request, orders, payment) = (
            Grains.GetGrain<IOrderGrain>(placed.OrderId),
            Grains.GetGrain<ICheckoutRequestGrain>(requestKey),
            Grains.GetGrain<IUserOrdersGrain>(userId),
            Grains.GetGrain<IPaymentGrain>(placed.OrderId));
        var (stock, cart) = (Grains.GetGrain<IInventoryGrain>(sku), Grains.GetGrain<ICartGrain>(userId));

        await fixture.DeactivateAsync(order, request, orders, payment, stock, cart);

        var stored = await order.GetOrder();
        Assert.NotNull(stored);
        Assert.Equal((OrderStatus.Confirmed, userId, new Money(2000, "usd")), (stored.Status, stored.UserId, stored.Total));
        Assert.Equal((sku, 2), (Assert.Single(stored.Items).Sku, stored.Items[0].Quantity));
        Assert.Equal([OrderStatus.Pending, OrderStatus.Confirmed], stored.History.Select(h => h.Status));
        var replay = await request.Submit(Shopper.Submission(userId));
        Assert.Equal((CheckoutStatus.Replayed, placed.OrderId), (replay.Status, replay.Order?.OrderId));
        Assert.Equal(CheckoutStatus.DifferentRequest, (await request.Submit(Shopper.Submission(userId, "fp-other"))).Status);
        Assert.Equal([placed.OrderId], (await orders.Page(1, 20)).OrderIds);
        var paid = await payment.GetPayment();
        Assert.Equal((PaymentStatus.Succeeded, 1, stored.PaymentId), (paid.Status, paid.Charges, paid.PaymentIntentId));
        Assert.NotNull(paid.PaymentIntentId);
        var level = await stock.GetStock();
        Assert.Equal((3, 0), (level.OnHand, level.Reserved));
        Assert.Empty(await cart.GetLines());
        foreach (var (state, key) in new[] { ("order", placed.OrderId), ("user-orders", userId), ("payment", placed.OrderId) })
            Assert.Equal(1, await ShopDatabase.RowsAsync(Database, state, key));
        // The request keeps no row of its own: its fingerprint is stored with the order it placed.
        Assert.Equal("fp-1", await ShopDatabase.StoredValueAsync(Database, "order", placed.OrderId, "Fingerprint"));
    }
}
