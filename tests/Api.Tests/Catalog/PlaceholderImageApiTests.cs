using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Catalog;

/// <summary>The shop's generated placeholder pictures: SVG with the product's name, escaped, served with safe headers.</summary>
[Collection(ApiCollection.Name)]
public sealed class PlaceholderImageApiTests(ApiFactory factory)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private async Task<(string ProductId, string Sku)> CreateProduct(string name, string variantName = "Plain")
    {
        var admin = await factory.Admin();
        var sku = $"PH-{Guid.NewGuid():N}".ToUpperInvariant()[..20];
        var created = await admin.PostAsJsonAsync("/api/products", new
        {
            name,
            description = "For pictures.",
            category = "testing",
            variants = new[] { new { sku, name = variantName, attributes = new Dictionary<string, string>(), price = new { amount = 100, currency = "usd" } } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetString()!, sku);
    }

    private static XDocument Parse(string svg) => XDocument.Parse(svg, LoadOptions.None);

    [Fact]
    public async Task A_product_placeholder_is_an_svg_with_its_name_and_headers_that_forbid_script_and_sniffing()
    {
        var (productId, _) = await CreateProduct("Walnut Bowl");

        var response = await factory.CreateClient().GetAsync($"/images/products/{productId}.svg", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["default-src 'none'; style-src 'unsafe-inline'"], response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: > 0 });
        Assert.NotNull(response.Headers.ETag);
        var svg = Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Svg + "svg", svg.Root!.Name);
        Assert.Contains("Walnut Bowl", svg.Descendants(Svg + "text").Select(t => t.Value));
    }

    [Fact]
    public async Task A_hostile_name_is_escaped_and_never_becomes_markup()
    {
        const string hostile = "<script>alert(1)</script> & \"Co\"";
        var (productId, sku) = await CreateProduct(hostile, variantName: "<b>&amp;</b>");

        var product = await factory.CreateClient().GetStringAsync($"/images/products/{productId}.svg", TestContext.Current.CancellationToken);
        var variant = await factory.CreateClient().GetStringAsync($"/images/products/{productId}/{sku}.svg", TestContext.Current.CancellationToken);

        foreach (var text in new[] { product, variant })
        {
            Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
            var svg = Parse(text);
            Assert.Equal(["svg", "rect", "circle", "text"], svg.Descendants().Select(e => e.Name.LocalName).Distinct());
            Assert.Equal(hostile, svg.Descendants(Svg + "text").First().Value);
            Assert.Equal(hostile, svg.Root!.Attribute("aria-label")?.Value);
        }

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;", product, StringComparison.Ordinal);
        Assert.Equal("<b>&amp;</b>", Parse(variant).Descendants(Svg + "text").Last().Value);
    }

    [Fact]
    public async Task The_picture_is_the_same_for_the_same_product_and_its_colours_differ_from_another_products()
    {
        var (first, sku) = await CreateProduct("Same Name");
        var (second, _) = await CreateProduct("Same Name");
        var client = factory.CreateClient();

        var a = await client.GetStringAsync($"/images/products/{first}.svg", TestContext.Current.CancellationToken);
        var again = await client.GetStringAsync($"/images/products/{first}.svg", TestContext.Current.CancellationToken);
        var b = await client.GetStringAsync($"/images/products/{second}.svg", TestContext.Current.CancellationToken);
        var variant = await client.GetStringAsync($"/images/products/{first}/{sku}.svg", TestContext.Current.CancellationToken);

        Assert.Equal(a, again);
        Assert.NotEqual(Fill(a), Fill(b));
        Assert.NotEqual(Fill(a), Fill(variant));
        Assert.Equal(["Same Name", "Plain"], Parse(variant).Descendants(Svg + "text").Select(t => t.Value));

        static string? Fill(string svg) => Parse(svg).Descendants(Svg + "rect").Single().Attribute("fill")?.Value;
    }

    [Fact]
    public async Task The_placeholder_answers_304_to_its_etag()
    {
        var (productId, _) = await CreateProduct("Revalidated");
        var client = factory.CreateClient();
        var path = $"/images/products/{productId}.svg";
        var etag = (await client.GetAsync(path, TestContext.Current.CancellationToken)).Headers.ETag!;

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(etag);
        var again = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(etag, again.Headers.ETag);
    }

    [Theory]
    [InlineData("/images/products/prd_no_such_product.svg")]
    [InlineData("/images/products/not-an-id.svg")]
    [InlineData("/images/products/prd_demo_classic-tee/NO-SUCH-SKU.svg")]
    public async Task Unknown_products_and_variants_are_404(string path)
    {
        var response = await factory.CreateClient().GetAsync(path, TestContext.Current.CancellationToken);

        await response.AssertProblem(HttpStatusCode.NotFound);
    }
}
