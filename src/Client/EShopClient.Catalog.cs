using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace EShop.Client;

// The catalog reads, revalidated with ETags: a client that has read a page or a product sends If-None-Match, and a
// 304 (no body) answers the copy it holds. Mobile clients re-read the catalog often; most of it rarely changes.
public sealed partial class EShopClient
{
    /// <summary>Enough for a browsing session; past it the cache starts over rather than tracking recency.</summary>
    private const int MaxCachedAnswers = 256;

    private readonly ConcurrentDictionary<string, CachedAnswer> _catalog = new(StringComparer.Ordinal);

    /// <summary>A page of the catalog, optionally of one <paramref name="category"/> or matching the <paramref name="search"/> text.</summary>
    public Task<ProductPage> ListProductsAsync(string? category = null, string? search = null, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        GetRevalidatedAsync<ProductPage>($"/api/products?{Query(("category", category), ("search", search), ("page", page.ToString(CultureInfo.InvariantCulture)), ("pageSize", pageSize.ToString(CultureInfo.InvariantCulture)))}", cancellationToken);

    public Task<Product> GetProductAsync(string productId, CancellationToken cancellationToken = default) =>
        GetRevalidatedAsync<Product>($"/api/products/{Uri.EscapeDataString(productId)}", cancellationToken);

    private async Task<T> GetRevalidatedAsync<T>(string path, CancellationToken cancellationToken)
    {
        _catalog.TryGetValue(path, out var cached);
        using var request = Request(HttpMethod.Get, path, body: null, anonymous: true, idempotencyKey: null);
        if (cached is not null)
            request.Headers.IfNoneMatch.Add(cached.ETag);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotModified && cached is not null)
            return Read<T>(cached.Body, response);
        if (!response.IsSuccessStatusCode)
            throw new EShopApiException(response.StatusCode, await ProblemAsync(response, cancellationToken), RetryAfter(response));

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.Headers.ETag is { } etag)
        {
            if (_catalog.Count >= MaxCachedAnswers)
                _catalog.Clear();
            _catalog[path] = new CachedAnswer(etag, bytes);
        }

        return Read<T>(bytes, response);
    }

    private static T Read<T>(byte[] body, HttpResponseMessage response) =>
        JsonSerializer.Deserialize<T>(body, Json) ?? throw new EShopApiException(response.StatusCode, null, null);

    private sealed record CachedAnswer(EntityTagHeaderValue ETag, byte[] Body);
}
