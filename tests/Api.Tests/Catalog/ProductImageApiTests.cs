using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Catalog;

/// <summary>Images of products and variants: kept in order, trimmed, and refused field by field when unfit.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProductImageApiTests(ApiFactory factory)
{
    private static string Sku() => $"IMG-{Guid.NewGuid():N}".ToUpperInvariant()[..24];

    private static object Product(object?[]? images = null, object?[]? variantImages = null) => new
    {
        name = "Picture frame",
        description = "Oak.",
        category = "testing",
        images,
        variants = new[] { new { sku = Sku(), name = "Frame A4", attributes = new Dictionary<string, string>(), price = new { amount = 900, currency = "usd" }, images = variantImages } },
    };

    private static object Image(string url, string? alt = "A picture") => new { url, alt };

    [Fact]
    public async Task Images_come_back_in_the_order_given_with_their_alt_text_trimmed()
    {
        var admin = await factory.Admin();
        var urls = new[] { "https://cdn.example.com/z-last-name.jpg", "https://cdn.example.com/a/first.png?w=800", "/images/products/prd_demo_classic-tee.svg" };

        var created = await admin.PostAsJsonAsync("/api/products", Product(
            [.. urls.Select((url, i) => Image(url, $"  View {i}  "))],
            [Image("https://cdn.example.com/variant.webp", "Frame front")]));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var productId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetString();
        var read = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/products/{productId}");
        var images = read.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(urls, images.Select(i => i.GetProperty("url").GetString()));
        Assert.Equal(["View 0", "View 1", "View 2"], images.Select(i => i.GetProperty("alt").GetString()));
        var variantImage = Assert.Single(read.GetProperty("variants")[0].GetProperty("images").EnumerateArray());
        Assert.Equal(("https://cdn.example.com/variant.webp", "Frame front"), (variantImage.GetProperty("url").GetString(), variantImage.GetProperty("alt").GetString()));
    }

    [Fact]
    public async Task A_product_without_images_answers_empty_lists_not_nulls()
    {
        var admin = await factory.Admin();

        var created = await admin.PostAsJsonAsync("/api/products", Product());

        var product = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, product.GetProperty("images").ValueKind);
        Assert.Equal(0, product.GetProperty("images").GetArrayLength());
        Assert.Equal(0, product.GetProperty("variants")[0].GetProperty("images").GetArrayLength());
    }

    [Fact]
    public async Task An_update_replaces_the_images()
    {
        var admin = await factory.Admin();
        var created = await admin.PostAsJsonAsync("/api/products", Product([Image("https://cdn.example.com/old.jpg")]));
        var product = await created.Content.ReadFromJsonAsync<JsonElement>();
        var productId = product.GetProperty("productId").GetString();

        var updated = await admin.PutAsJsonAsync($"/api/products/{productId}", new
        {
            name = "Picture frame",
            description = "Oak.",
            category = "testing",
            images = new[] { Image("https://cdn.example.com/new.jpg", "New") },
            variants = product.GetProperty("variants"),
        });

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var read = await admin.GetFromJsonAsync<JsonElement>($"/api/products/{productId}");
        Assert.Equal("https://cdn.example.com/new.jpg", Assert.Single(read.GetProperty("images").EnumerateArray()).GetProperty("url").GetString());
    }

    public static TheoryData<string, string> BadUrls => new()
    {
        { "http://cdn.example.com/plain-http.jpg", "plain http" },
        { "https://user:secret@cdn.example.com/a.jpg", "user name and password" },
        { "https://cdn.example.com/" + new string('a', 2048), "over 2048 characters" },
        { "javascript:alert(1)", "script URL" },
        { "data:image/svg+xml;base64,PHN2Zz4=", "data URL" },
        { "//cdn.example.com/a.jpg", "protocol-relative" },
        { "/admin/secrets.svg", "a local path that is not the placeholder route" },
        { "/images/products/not-a-product-id.svg", "a placeholder path without a product id" },
        { "https://cdn.example.com/a b.jpg", "an unescaped space" },
        { "https:\\\\cdn.example.com\\a.jpg", "backslashes" },
        { "cdn.example.com/a.jpg", "no scheme" },
    };

    [Theory]
    [MemberData(nameof(BadUrls))]
    public async Task An_image_url_that_is_not_https_or_the_placeholder_route_is_refused(string url, string why)
    {
        var admin = await factory.Admin();

        var response = await admin.PostAsJsonAsync("/api/products", Product([Image("https://cdn.example.com/ok.jpg"), Image(url)]));

        Assert.NotEmpty(why);
        Assert.Equal(["images[1].url"], await response.AssertValidationFields());
    }

    [Fact]
    public async Task Missing_blank_and_overlong_alt_text_and_missing_urls_are_refused_naming_each_field()
    {
        var admin = await factory.Admin();

        var response = await admin.PostAsJsonAsync("/api/products", Product(
            [new { url = "https://cdn.example.com/a.jpg" }, Image("https://cdn.example.com/b.jpg", "   "), Image("https://cdn.example.com/c.jpg", new string('x', 201)), new { alt = "No url" }, null],
            [Image("https://cdn.example.com/d.jpg", "Bad\u202Etext"), Image("ftp://cdn.example.com/e.jpg")]));

        Assert.Equal(
            ["images[0].alt", "images[1].alt", "images[2].alt", "images[3].url", "images[4]", "variants[0].images[0].alt", "variants[0].images[1].url"],
            await response.AssertValidationFields());
    }

    [Fact]
    public async Task More_than_ten_images_on_a_product_or_a_variant_are_refused()
    {
        var admin = await factory.Admin();
        var eleven = Enumerable.Range(0, 11).Select(i => Image($"https://cdn.example.com/{i}.jpg")).ToArray();

        var response = await admin.PostAsJsonAsync("/api/products", Product(eleven, eleven));

        Assert.Equal(["images", "variants[0].images"], await response.AssertValidationFields());
        var ten = await admin.PostAsJsonAsync("/api/products", Product(eleven[..10], eleven[..10]));
        Assert.Equal(HttpStatusCode.Created, ten.StatusCode);
    }
}
