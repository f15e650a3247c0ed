using EShop.Grains.Abstractions.Carts;
using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Tests.Catalog;
using EShop.Grains.Tests.Infrastructure;

namespace EShop.Grains.Tests.Carts;

/// <summary>A fresh user's cart and a fresh product with a tee and a mug, for the cart grain tests.</summary>
public abstract class TeeAndMugCart(ClusterFixture fixture)
{
    protected ClusterFixture Fixture => fixture;

    protected string ProductId { get; } = Products.NewId();

    protected string Tee { get; } = Products.NewSku("TEE");

    protected string Mug { get; } = Products.NewSku("MUG");

    protected string UserId { get; } = CartSamples.NewUserId();

    protected ICartGrain Cart => fixture.Client.GetGrain<ICartGrain>(UserId);

    protected Task<Product> StockTeeAndMug() =>
        fixture.Client.CreateProduct(ProductId, Products.Variant(Tee, "Tee M", 1999), Products.Variant(Mug, "Mug", 1600));
}
