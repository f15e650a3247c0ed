using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Orders;
using EShop.Grains.Catalog;
using EShop.Grains.Tests.Carts;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Tests.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;

namespace EShop.Grains.Tests.Orders;

/// <summary>A price saved before the cap existed (the rules refuse it now) overflows nothing and is never charged.</summary>
[Collection(SharedCluster.Name)]
public sealed class PriceStoredBeforeTheCapTests(ClusterFixture fixture)
{
    private const long Stored = 4_611_686_018_427_387_904;

    private readonly Shop _shop = new(fixture);

    /// <summary>Rewrites the sku's price in storage, past the product's rules, and lets the product read it back.</summary>
    private async Task StorePriceBehindTheRules(string sku, long amount)
    {
        var productId = await fixture.Client.GetGrain<ISkuIndexGrain>(sku).GetProductId();
        var product = fixture.Client.GetGrain<IProductGrain>(productId!);
        var storage = fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Catalog);
        var stored = new GrainState<ProductState>(new ProductState());
        await storage.ReadStateAsync("product", product.GetGrainId(), stored);
        var state = stored.State!;
        var variants = state.Product!.Variants.Select(v => v.Sku == sku ? v with { Price = v.Price with { Amount = amount } } : v);
        state.Product = state.Product with { Variants = [.. variants] };
        await storage.WriteStateAsync("product", product.GetGrainId(), stored);
        await product.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Shop.Eventually(async () => (await product.GetProduct())!.Variants.Single(v => v.Sku == sku).Price.Amount == amount, "the product reads the stored price");
    }

    [Fact]
    public async Task A_cart_holding_it_leaves_it_out_of_the_subtotal_and_checkout_refuses_it_without_an_order()
    {
        var (gold, tee) = (await _shop.StockedSku(onHand: 10), await _shop.StockedSku(onHand: 10, price: 1500));
        var userId = Accounts.NewUserId();
        var cart = fixture.Client.GetGrain<ICartGrain>(userId);
        await cart.AddItem(gold, 2);
        await cart.AddItem(tee, 1);

        await StorePriceBehindTheRules(gold, Stored);
        var priced = await cart.GetCart();
        var result = await fixture.Client.GetGrain<ICheckoutRequestGrain>($"{userId}/{Guid.NewGuid():N}")
            .Submit(new CheckoutSubmission(userId, "fp", Shop.Home, "pm_card_visa"));

        Assert.Equal([tee], priced.Items.Select(l => l.Sku));
        Assert.Equal(new Money(1500, "usd"), priced.Subtotal);
        Assert.Equal(CheckoutStatus.Unavailable, result.Status);
        Assert.Contains(gold, result.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await fixture.Client.GetGrain<IUserOrdersGrain>(userId).Page(1, 20)).Total);
        Assert.Equal((0, 0), ((await _shop.Stock(gold).GetStock()).Reserved, (await _shop.Stock(tee).GetStock()).Reserved));
        Assert.Equal([new StockLine(gold, 2), new StockLine(tee, 1)], await cart.GetLines());
        Assert.Null(await fixture.StoredCheckout(cart));
        Assert.Equal(CartChangeStatus.NotForSale, (await cart.AddItem(gold, 1)).Status);
    }
}
