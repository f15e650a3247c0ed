using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Catalog;

/// <summary>Product text that would render deceptively, and attribute names that would silently merge, are refused.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProductInputApiTests(ApiFactory factory)
{
    private static string Sku() => $"PI-{Guid.NewGuid():N}".ToUpperInvariant();

    private static object Product(
        string name = "Input probe",
        string description = "Plain.",
        Dictionary<string, string>? attributes = null,
        string variantName = "Probe",
        Dictionary<string, string>? variantAttributes = null) => new
        {
            name,
            description,
            category = "testing",
            attributes = attributes ?? new Dictionary<string, string> { ["brand"] = "Testco" },
            variants = new[] { new { sku = Sku(), name = variantName, attributes = variantAttributes ?? [], price = new { amount = 100, currency = "usd" } } },
        };

    [Fact]
    public async Task Control_and_bidi_characters_in_product_text_are_refused_naming_each_field()
    {
        var admin = await factory.Admin();

        var response = await admin.PostAsJsonAsync("/api/products", Product(
            name: "Lamp\u0000",
            description: "Bright \u202Eand cheap",
            attributes: new() { ["brand"] = "Test\u2066co", ["fi\u0001nish"] = "matte" },
            variantName: "Probe\u009B",
            variantAttributes: new() { ["size"] = "M\u200F" }));

        Assert.Equal(
            ["attributes", "attributes.brand", "description", "name", "variants[0].attributes.size", "variants[0].name"],
            await response.AssertValidationFields());
    }

    [Fact]
    public async Task A_multi_line_description_is_kept()
    {
        var admin = await factory.Admin();

        var response = await admin.PostAsJsonAsync("/api/products", Product(description: "First line.\r\nSecond line.\n\tIndented."));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var product = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("First line.\r\nSecond line.\n\tIndented.", product.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Attribute_names_that_differ_only_by_surrounding_spaces_are_refused_not_merged()
    {
        var admin = await factory.Admin();

        var response = await admin.PostAsJsonAsync("/api/products", Product(
            attributes: new() { ["size"] = "M", [" size "] = "L" },
            variantAttributes: new() { ["colour"] = "red", ["colour\t"] = "blue" }));

        Assert.Equal(["attributes", "variants[0].attributes"], await response.AssertValidationFields());
    }

    [Fact]
    public async Task An_update_with_clashing_attribute_names_leaves_the_product_as_it_was()
    {
        var admin = await factory.Admin();
        var created = await (await admin.PostAsJsonAsync("/api/products", Product(attributes: new() { ["size"] = "M" })))
            .Content.ReadFromJsonAsync<JsonElement>();
        var productId = created.GetProperty("productId").GetString();

        var response = await admin.PutAsJsonAsync($"/api/products/{productId}", Product(attributes: new() { ["size"] = "M", ["size "] = "XL" }));

        Assert.Equal(["attributes"], await response.AssertValidationFields());
        var stored = await admin.GetFromJsonAsync<JsonElement>($"/api/products/{productId}");
        Assert.Equal("M", stored.GetProperty("attributes").GetProperty("size").GetString());
    }
}
