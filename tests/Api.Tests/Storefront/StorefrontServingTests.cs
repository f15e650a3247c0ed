using System.Net;
using System.Text.RegularExpressions;
using EShop.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace EShop.Api.Tests.Storefront;

/// <summary>The storefront's files as served: the page with its security headers, and every module it imports.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class StorefrontServingTests(ApiFactory factory)
{
    [Fact]
    public async Task The_page_at_the_root_is_html_with_a_strict_content_security_policy()
    {
        using var client = factory.Client();
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("""<script type="module" src="/js/app.js"></script>""", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(InlineScript(), html);
    }

    [Fact]
    public async Task Every_module_the_page_imports_is_served_as_javascript()
    {
        using var client = factory.Client();
        var pending = new Queue<string>(["/js/app.js"]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var path))
        {
            if (!seen.Add(path))
                continue;
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
            var source = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            foreach (Match import in Import().Matches(source))
                pending.Enqueue(new Uri(new Uri("http://shop" + path), import.Groups[1].Value).AbsolutePath);
        }

        Assert.True(seen.Count >= 8, $"only {seen.Count} modules: {string.Join(", ", seen)}");
    }

    [Fact]
    public async Task A_deployment_without_the_storefront_answers_404_at_the_root()
    {
        await using var apiOnly = factory.WithWebHostBuilder(builder => builder.UseSetting("Storefront:Enabled", "false"));
        using var client = apiOnly.CreateClient();

        using var page = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        using var products = await client.GetAsync(new Uri("/api/products", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
    }

    [GeneratedRegex("""from '(\.{1,2}/[^']+\.js)'""")]
    private static partial Regex Import();

    [GeneratedRegex("""<script(?![^>]*\bsrc=)[^>]*>""")]
    private static partial Regex InlineScript();
}
