using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;
using static EShop.Api.Tests.Carts.CartApiTests;

namespace EShop.Api.Tests.Carts;

/// <summary>What the cart refuses, as problem details, and that a refusal leaves the cart as it was.</summary>
[Collection(ApiCollection.Name)]
public sealed class CartRefusalApiTests(ApiFactory factory)
{
    private static string NewSku(string prefix) => $"{prefix}-{Guid.NewGuid():N}".ToUpperInvariant();

    /// <summary>An admin-created product with one variant per sku, all at one price.</summary>
    private async Task CreateProduct(string currency, params string[] skus)
    {
        var admin = await factory.Admin();
        var response = await admin.PostAsJsonAsync("/api/products", new
        {
            name = "Cart test product",
            description = "For cart tests.",
            category = "testing",
            variants = skus.Select(sku => new { sku, name = $"Variant {sku}", price = new { amount = 100, currency } }).ToArray(),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<IEnumerable<(string? Sku, int Quantity)>> LinesOf(HttpClient http) =>
        Lines(await http.GetFromJsonAsync<JsonElement>("/api/cart"));

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(101)]
    public async Task Adding_a_quantity_outside_1_to_100_is_a_400_naming_quantity(int quantity)
    {
        var http = await factory.Customer();
        Assert.Equal(["quantity"], await (await Add(http, Tee, quantity)).AssertValidationFields());
        Assert.Empty(await LinesOf(http));
    }

    [Fact]
    public async Task Missing_fields_are_a_400_naming_each()
    {
        var http = await factory.Customer();

        Assert.Equal(["quantity", "sku"], await (await http.PostAsJsonAsync("/api/cart/items", new { })).AssertValidationFields());
        Assert.Equal(["sku"], await (await http.PostAsJsonAsync("/api/cart/items", new { sku = " ", quantity = 1 })).AssertValidationFields());
        Assert.Equal(["quantity"], await (await http.PutAsJsonAsync($"/api/cart/items/{Tee}", new { })).AssertValidationFields());
        var malformed = new StringContent("""{"sku": "KETTLE-STD", "quantity": "two"}""", Encoding.UTF8, "application/json");
        Assert.Equal(["quantity"], await (await http.PostAsync("/api/cart/items", malformed)).AssertValidationFields());
    }

    [Fact]
    public async Task Going_past_100_units_on_a_line_is_a_400_and_the_line_is_unchanged()
    {
        var http = await factory.Customer();
        await Add(http, Tee, 60);

        Assert.Equal(["quantity"], await (await Add(http, Tee, 41)).AssertValidationFields());
        Assert.Equal([(Tee, 60)], await LinesOf(http));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task Setting_a_quantity_outside_0_to_100_is_a_400_naming_quantity(int quantity)
    {
        var http = await factory.Customer();
        await Add(http, Tee, 1);

        Assert.Equal(["quantity"], await (await http.PutAsJsonAsync($"/api/cart/items/{Tee}", new { quantity })).AssertValidationFields());
        Assert.Equal([(Tee, 1)], await LinesOf(http));
    }

    [Fact]
    public async Task An_unknown_sku_is_a_404_problem()
    {
        var http = await factory.Customer();

        var added = await (await Add(http, "NO-SUCH-SKU", 1)).AssertProblem(HttpStatusCode.NotFound);
        await (await http.PutAsJsonAsync("/api/cart/items/NO-SUCH-SKU", new { quantity = 1 })).AssertProblem(HttpStatusCode.NotFound);

        Assert.Contains("NO-SUCH-SKU", added.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await LinesOf(http));
    }

    [Fact]
    public async Task A_sku_priced_in_another_currency_than_the_cart_is_a_409()
    {
        var euroSku = NewSku("EURO");
        await CreateProduct("eur", euroSku);
        var http = await factory.Customer();
        await Add(http, Tee, 1);

        var refused = await (await Add(http, euroSku, 1)).AssertProblem(HttpStatusCode.Conflict);
        await (await http.PutAsJsonAsync($"/api/cart/items/{euroSku}", new { quantity = 1 })).AssertProblem(HttpStatusCode.Conflict);

        Assert.Contains("eur", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal([(Tee, 1)], await LinesOf(http));
    }

    [Fact]
    public async Task A_51st_line_is_a_409()
    {
        var skus = Enumerable.Range(0, 51).Select(i => NewSku($"L{i}")).ToArray();
        await CreateProduct("usd", skus);
        var http = await factory.Customer();
        foreach (var sku in skus[..50])
            await Ok(await Add(http, sku, 1));

        await (await Add(http, skus[50], 1)).AssertProblem(HttpStatusCode.Conflict);

        Assert.Equal(50, (await LinesOf(http)).Count());
    }
}
