using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Api.Tests.Infrastructure;

namespace EShop.Api.Tests.Catalog;

/// <summary>Catalog GETs answer a strong ETag of their body; If-None-Match naming it answers 304 without one.</summary>
[Collection(ApiCollection.Name)]
public sealed class CatalogETagApiTests(ApiFactory factory)
{
    private static object NewProduct(string name, string category, string sku) => new
    {
        name,
        description = "Cached.",
        category,
        variants = new[] { new { sku, name, attributes = new Dictionary<string, string>(), price = new { amount = 500, currency = "usd" } } },
    };

    private async Task<(HttpClient Admin, string ProductId, string Category, object Body)> CreateProduct()
    {
        var admin = await factory.Admin();
        var category = $"etag-{Guid.NewGuid():N}"[..20];
        var body = NewProduct("Cached " + category, category, $"ET-{Guid.NewGuid():N}".ToUpperInvariant()[..20]);
        var created = await admin.PostAsJsonAsync("/api/products", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (admin, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetString()!, category, body);
    }

    private async Task<HttpResponseMessage> Get(string path, params string[] ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch.Length > 0)
            request.Headers.TryAddWithoutValidation("If-None-Match", string.Join(", ", ifNoneMatch));
        return await factory.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_product_answers_a_strong_etag_and_304_without_a_body_when_the_client_holds_it()
    {
        var (_, productId, _, _) = await CreateProduct();
        var path = $"/api/products/{productId}";

        var first = await Get(path);
        var etag = first.Headers.ETag;

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl?.NoCache);
        var again = await Get(path, etag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(etag, (await Get(path)).Headers.ETag);
    }

    [Fact]
    public async Task A_list_of_tags_a_weak_form_of_the_tag_and_a_star_all_match()
    {
        var (_, productId, _, _) = await CreateProduct();
        var path = $"/api/products/{productId}";
        var etag = (await Get(path)).Headers.ETag!.Tag;

        Assert.Equal(HttpStatusCode.NotModified, (await Get(path, "\"stale\"", etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await Get(path, $"W/{etag}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await Get(path, "*")).StatusCode);
        var other = await Get(path, "\"stale\"", "W/\"older\"");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(productId, (await other.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("productId").GetString());
    }

    [Fact]
    public async Task After_an_update_the_old_tag_answers_200_with_the_new_body_and_a_new_tag()
    {
        var (admin, productId, category, _) = await CreateProduct();
        var path = $"/api/products/{productId}";
        var old = (await Get(path)).Headers.ETag!;

        var renamed = NewProduct("Renamed " + category, category, $"ET-{Guid.NewGuid():N}".ToUpperInvariant()[..20]);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(path, renamed)).StatusCode);

        var fresh = await Get(path, old.Tag);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(old, fresh.Headers.ETag);
        Assert.Equal("Renamed " + category, (await fresh.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotModified, (await Get(path, fresh.Headers.ETag!.Tag)).StatusCode);
    }

    [Fact]
    public async Task A_list_page_has_its_own_tag_which_changes_when_a_product_on_it_changes()
    {
        var (admin, productId, category, _) = await CreateProduct();
        var page = $"/api/products?category={category}";
        var listed = await Get(page);
        var etag = listed.Headers.ETag!;
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.True(listed.Headers.CacheControl?.NoCache);
        Assert.Equal(HttpStatusCode.NotModified, (await Get(page, etag.Tag)).StatusCode);
        Assert.NotEqual(etag, (await Get($"{page}&pageSize=5")).Headers.ETag);

        var changed = NewProduct("Changed " + category, category, $"ET-{Guid.NewGuid():N}".ToUpperInvariant()[..20]);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/products/{productId}", changed)).StatusCode);

        var after = await Get(page, etag.Tag);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag);
    }

    [Fact]
    public async Task Refusals_carry_no_etag()
    {
        var missing = await Get("/api/products/prd_no_such_product", "*");
        var invalid = await Get("/api/products?pageSize=1000");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Null(missing.Headers.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Null(invalid.Headers.ETag);
    }

    [Fact]
    public async Task The_etag_is_computed_from_the_body_bytes()
    {
        var (_, productId, _, _) = await CreateProduct();

        var response = await Get($"/api/products/{productId}");

        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var expected = $"\"{System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(body).AsSpan(0, 16))}\"";
        Assert.Equal(new EntityTagHeaderValue(expected), response.Headers.ETag);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
