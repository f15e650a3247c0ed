using System.Net;
using EShop.Api.Tests.Infrastructure;
using EShop.Client;

namespace EShop.Api.Tests.Client;

/// <summary>The typed client sends images, reads them back, and revalidates catalog reads with the ETags it holds.</summary>
[Collection(ApiCollection.Name)]
public sealed class EShopClientCatalogCacheTests(ApiFactory factory)
{
    /// <summary>What went over the wire: each request's If-None-Match and the answer's status.</summary>
    private sealed class Recorder : DelegatingHandler
    {
        public List<(string Path, string? IfNoneMatch, HttpStatusCode Status)> Exchanges { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            lock (Exchanges)
                Exchanges.Add((request.RequestUri!.PathAndQuery, request.Headers.IfNoneMatch.FirstOrDefault()?.Tag, response.StatusCode));
            return response;
        }
    }

    private static ProductInput Input(string name, string sku) => new(
        name, "Made by the client cache tests.", "lighting", new Dictionary<string, string>(),
        [new VariantInput(sku, "Brass", new Dictionary<string, string>(), new Money(2500, "usd"), [new ProductImage("https://cdn.example.com/brass.jpg", "Brass finish")])],
        [new ProductImage("https://cdn.example.com/lamp.jpg", "The lamp, lit"), new ProductImage("https://cdn.example.com/lamp-off.jpg", "The lamp, off")]);

    [Fact]
    public async Task A_second_read_sends_the_etag_and_a_304_answers_the_copy_held_until_the_product_changes()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var recorder = new Recorder { InnerHandler = factory.Server.CreateHandler() };
        using var http = new HttpClient(recorder) { BaseAddress = factory.Server.BaseAddress };
        using var shopper = new EShopClient(http);
        using var adminHttp = factory.CreateClient();
        using var admin = new EShopClient(adminHttp);
        await admin.LoginAsync(ApiFactory.AdminEmail, ApiFactory.AdminPassword, cancellation);
        var sku = $"CC-{Guid.NewGuid():N}".ToUpperInvariant()[..20];
        var created = await admin.CreateProductAsync(Input("Cache Lamp", sku), cancellation);

        var first = await shopper.GetProductAsync(created.ProductId, cancellation);
        var second = await shopper.GetProductAsync(created.ProductId, cancellation);

        Assert.Equal(["The lamp, lit", "The lamp, off"], second.Images.Select(i => i.Alt));
        Assert.Equal("Brass finish", Assert.Single(Assert.Single(second.Variants).Images).Alt);
        Assert.Equal(first.Images, second.Images);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotModified], recorder.Exchanges.Select(e => e.Status));
        Assert.Null(recorder.Exchanges[0].IfNoneMatch);
        Assert.NotNull(recorder.Exchanges[1].IfNoneMatch);

        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/products/{created.ProductId}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(Input("Cache Lamp II", sku) with { Images = [] }),
        };
        update.Headers.Authorization = new("Bearer", admin.Tokens!.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await adminHttp.SendAsync(update, cancellation)).StatusCode);

        var third = await shopper.GetProductAsync(created.ProductId, cancellation);
        Assert.Equal("Cache Lamp II", third.Name);
        Assert.Empty(third.Images);
        Assert.Equal(HttpStatusCode.OK, recorder.Exchanges[^1].Status);
    }

    [Fact]
    public async Task Catalog_pages_are_revalidated_per_query()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var recorder = new Recorder { InnerHandler = factory.Server.CreateHandler() };
        using var http = new HttpClient(recorder) { BaseAddress = factory.Server.BaseAddress };
        using var shopper = new EShopClient(http);

        var electronics = await shopper.ListProductsAsync(category: "electronics", cancellationToken: cancellation);
        var home = await shopper.ListProductsAsync(category: "home", cancellationToken: cancellation);
        var electronicsAgain = await shopper.ListProductsAsync(category: "electronics", cancellationToken: cancellation);

        Assert.Equal(electronics.Items.Select(p => p.ProductId), electronicsAgain.Items.Select(p => p.ProductId));
        Assert.NotEqual(electronics.Items.Select(p => p.ProductId), home.Items.Select(p => p.ProductId));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotModified], recorder.Exchanges.Select(e => e.Status));
        Assert.NotNull(recorder.Exchanges[2].IfNoneMatch);
        Assert.Null(recorder.Exchanges[1].IfNoneMatch);
    }
}
