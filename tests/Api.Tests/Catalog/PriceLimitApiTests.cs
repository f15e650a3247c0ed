using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Catalog;

/// <summary>A price is 0..99,999,999 minor units: what one payment can take, and small enough that no total overflows.</summary>
[Collection(ApiCollection.Name)]
public sealed class PriceLimitApiTests(ApiFactory factory)
{
    private static object Product(string sku, long amount) =>
        new { name = "Gold Lamp", category = "lighting", variants = new[] { new { sku, name = sku, price = new { amount, currency = "usd" } } } };

    private static string Sku() => $"P-{Guid.NewGuid():N}"[..20].ToUpperInvariant();

    [Theory]
    [InlineData(100_000_000L)]
    [InlineData(4_611_686_018_427_387_904L)]
    [InlineData(long.MaxValue)]
    public async Task A_price_above_the_cap_is_a_400_naming_the_amount_and_nothing_is_stored(long amount)
    {
        var admin = await factory.Admin();
        var sku = Sku();

        var created = await admin.PostAsJsonAsync("/api/products", Product(sku, amount));

        Assert.Equal(["variants[0].price.amount"], await created.AssertValidationFields());
        var search = await admin.GetFromJsonAsync<JsonElement>($"/api/products?search={sku}");
        Assert.Equal(0, search.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_price_raised_above_the_cap_by_an_update_is_a_400_and_the_old_price_stays()
    {
        var admin = await factory.Admin();
        var sku = Sku();
        var created = await admin.PostAsJsonAsync("/api/products", Product(sku, 99_999_999));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var productId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetString();

        var updated = await admin.PutAsJsonAsync($"/api/products/{productId}", Product(sku, 4_611_686_018_427_387_904));

        Assert.Equal(["variants[0].price.amount"], await updated.AssertValidationFields());
        var stored = await admin.GetFromJsonAsync<JsonElement>($"/api/products/{productId}");
        Assert.Equal(99_999_999, stored.GetProperty("variants")[0].GetProperty("price").GetProperty("amount").GetInt64());
    }
}
