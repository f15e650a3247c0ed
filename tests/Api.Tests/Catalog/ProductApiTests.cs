using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Catalog;

[Collection(ApiCollection.Name)]
public sealed class ProductApiTests(ApiFactory factory)
{
    private static object NewProduct(string name, string category, params string[] skus) => new
    {
        name,
        description = "A sturdy thing for testing.",
        category,
        attributes = new Dictionary<string, string> { ["brand"] = "Testco", ["finish"] = $"matte-{name}" },
        variants = skus.Select(sku => new
        {
            sku,
            name = $"{name} {sku}",
            attributes = new Dictionary<string, string> { ["size"] = "M" },
            price = new { amount = 1250, currency = "usd" },
        }).ToArray(),
    };

    private static string Sku() => $"T-{Guid.NewGuid():N}"[..20].ToUpperInvariant();

    private static string Unique() => Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Admin_creates_a_product_that_anyone_can_read()
    {
        var admin = await factory.Admin();
        var sku = Sku();
        var created = await admin.PostAsJsonAsync("/api/products", NewProduct("Lamp " + Unique(), "lighting", sku));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var product = await created.Content.ReadFromJsonAsync<JsonElement>();
        var productId = product.GetProperty("productId").GetString()!;
        Assert.StartsWith("prd_", productId, StringComparison.Ordinal);
        Assert.Equal($"/api/products/{productId}", created.Headers.Location?.ToString());

        var read = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/products/{productId}");
        Assert.Equal(product.GetProperty("name").GetString(), read.GetProperty("name").GetString());
        var variant = Assert.Single(read.GetProperty("variants").EnumerateArray());
        Assert.Equal(sku, variant.GetProperty("sku").GetString());
        Assert.Equal(1250, variant.GetProperty("price").GetProperty("amount").GetInt64());
        Assert.Equal("usd", variant.GetProperty("price").GetProperty("currency").GetString());
        Assert.Equal("M", variant.GetProperty("attributes").GetProperty("size").GetString());
    }

    [Fact]
    public async Task Admin_updates_a_product_and_a_dropped_sku_becomes_free()
    {
        var admin = await factory.Admin();
        var (kept, dropped) = (Sku(), Sku());
        var created = await admin.PostAsJsonAsync("/api/products", NewProduct("Chair " + Unique(), "furniture", kept, dropped));
        var productId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetString();

        var renamed = "Armchair " + Unique();
        var updated = await admin.PutAsJsonAsync($"/api/products/{productId}", NewProduct(renamed, "furniture", kept));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        var read = await admin.GetFromJsonAsync<JsonElement>($"/api/products/{productId}");
        Assert.Equal(renamed, read.GetProperty("name").GetString());
        Assert.Equal([kept], read.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("sku").GetString()));
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/products?search={renamed}");
        Assert.Equal(1, listed.GetProperty("total").GetInt32());

        var reuse = await admin.PostAsJsonAsync("/api/products", NewProduct("Stool " + Unique(), "furniture", dropped));
        Assert.Equal(HttpStatusCode.Created, reuse.StatusCode);
    }

    [Fact]
    public async Task Listing_filters_by_category_searches_attributes_and_pages()
    {
        var admin = await factory.Admin();
        var category = "cat-" + Unique();
        var marker = "glaze" + Unique();
        for (var i = 0; i < 5; i++)
        {
            var product = NewProduct($"Vase {i} {(i % 2 == 0 ? marker : "plain")}", category, Sku());
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/products", product)).StatusCode);
        }

        var anonymous = factory.CreateClient();
        var page1 = await anonymous.GetFromJsonAsync<JsonElement>($"/api/products?category={category.ToUpperInvariant()}&page=1&pageSize=2");
        var page3 = await anonymous.GetFromJsonAsync<JsonElement>($"/api/products?category={category}&page=3&pageSize=2");
        Assert.Equal(5, page1.GetProperty("total").GetInt32());
        Assert.Equal(2, page1.GetProperty("items").GetArrayLength());
        Assert.Equal(["Vase 0 " + marker, "Vase 1 plain"], page1.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(1, page3.GetProperty("items").GetArrayLength());
        Assert.Equal(2, page3.GetProperty("pageSize").GetInt32());

        var searched = await anonymous.GetFromJsonAsync<JsonElement>($"/api/products?search={marker}&category={category}");
        Assert.Equal(3, searched.GetProperty("total").GetInt32());
        var byAttribute = await anonymous.GetFromJsonAsync<JsonElement>($"/api/products?search=matte-vase testco&category={category}");
        Assert.Equal(5, byAttribute.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Seeded_catalog_has_twenty_products_in_three_categories_with_their_attributes()
    {
        var seeded = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/products?pageSize=100"))
            .GetProperty("items").EnumerateArray()
            .Where(p => p.GetProperty("productId").GetString()!.StartsWith("prd_demo_", StringComparison.Ordinal))
            .ToList();

        Assert.True(seeded.Count >= 20, $"{seeded.Count} demo products");
        Assert.True(seeded.Select(p => p.GetProperty("category").GetString()).Distinct().Count() >= 3);
        var tee = seeded.Single(p => p.GetProperty("productId").GetString() == "prd_demo_classic-tee");
        var variant = tee.GetProperty("variants")[0];
        Assert.True(variant.GetProperty("attributes").TryGetProperty("size", out _));
        Assert.True(variant.GetProperty("attributes").TryGetProperty("colour", out _));
        var charger = seeded.Single(p => p.GetProperty("productId").GetString() == "prd_demo_usb-c-charger");
        Assert.Equal("65W", charger.GetProperty("attributes").GetProperty("wattage").GetString());
    }

    [Fact]
    public async Task Invalid_product_is_refused_naming_every_field_and_nothing_is_stored()
    {
        var admin = await factory.Admin();
        var name = "Ghost " + Unique();
        var validSku = Sku();
        var invalid = new
        {
            name = "",
            category = "ghosts",
            description = name,
            variants = new object[]
            {
                new { sku = validSku, name = "ok", price = new { amount = 100, currency = "usd" } },
                new { sku = "bad sku!", name = "", price = new { amount = -1, currency = "dollars" } },
                new { sku = validSku, name = "twin", price = new { amount = 1, currency = "eur" } },
            },
        };

        var fields = await (await admin.PostAsJsonAsync("/api/products", invalid)).AssertValidationFields();

        Assert.Equal(
            ["name", "variants[1].name", "variants[1].price.amount", "variants[1].price.currency", "variants[1].sku", "variants[2].sku"],
            fields);
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/products?search={name}");
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
        var claimedLater = await admin.PostAsJsonAsync("/api/products", NewProduct(name, "ghosts", validSku));
        Assert.Equal(HttpStatusCode.Created, claimedLater.StatusCode);
    }

    [Fact]
    public async Task Product_without_variants_or_name_is_refused()
    {
        var admin = await factory.Admin();
        var response = await admin.PostAsJsonAsync("/api/products", new { category = "x", variants = Array.Empty<object>() });
        Assert.Equal(["name", "variants"], await response.AssertValidationFields());
    }

    [Fact]
    public async Task A_sku_of_another_product_is_a_conflict_and_the_loser_keeps_nothing()
    {
        var admin = await factory.Admin();
        var (shared, other) = (Sku(), Sku());
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/products", NewProduct("First " + Unique(), "x", shared))).StatusCode);

        var loserName = "Second " + Unique();
        var conflict = await admin.PostAsJsonAsync("/api/products", NewProduct(loserName, "x", other, shared));
        var problem = await conflict.AssertProblem(HttpStatusCode.Conflict);

        Assert.Contains(shared, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/products?search={loserName}")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/products", NewProduct("Third " + Unique(), "x", other))).StatusCode);
    }

    [Fact]
    public async Task Update_of_an_unknown_product_is_404_and_a_mismatched_id_is_400()
    {
        var admin = await factory.Admin();
        var missing = await admin.PutAsJsonAsync("/api/products/prd_nothing_here", NewProduct("Nope", "x", Sku()));
        await missing.AssertProblem(HttpStatusCode.NotFound);

        var body = new { productId = "prd_other", name = "n", category = "x", variants = new[] { new { sku = Sku(), name = "v", price = new { amount = 1, currency = "usd" } } } };
        var mismatched = await admin.PutAsJsonAsync("/api/products/prd_nothing_here", body);
        Assert.Equal(["productId"], await mismatched.AssertValidationFields());
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task Bad_paging_is_a_validation_problem(string query, string field)
    {
        var response = await factory.CreateClient().GetAsync($"/api/products?{query}");
        Assert.Equal([field], await response.AssertValidationFields());
    }

    [Fact]
    public async Task Unknown_product_is_404_problem()
    {
        var response = await factory.CreateClient().GetAsync("/api/products/prd_unknown");
        await response.AssertProblem(HttpStatusCode.NotFound);
    }
}
