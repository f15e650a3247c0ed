using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Abstractions.Catalog;

/// <summary>
/// What an image of a product or variant may point at. Either an absolute https URL (no user name or password, at
/// most <see cref="MaxUrlLength"/> characters), or the root-relative path of the shop's own placeholder route
/// (<see cref="PlaceholderPath"/>): the demo runs on http://localhost, where no https URL of the shop itself exists.
/// Nothing else: no http, no data: or javascript: URLs, no protocol-relative "//host" paths, no other local paths.
/// </summary>
public static class ProductImageRules
{
    public const int MaxImages = 10;
    public const int MaxUrlLength = 2048;
    public const int MaxAltLength = 200;

    /// <summary>The placeholder route's prefix: <c>/images/products/{productId}.svg</c> and <c>/images/products/{productId}/{sku}.svg</c>.</summary>
    public const string PlaceholderRoute = "/images/products";

    private const string SvgSuffix = ".svg";

    public const string UrlRule =
        "The url must be an absolute https URL without user name or password (at most 2048 characters), " +
        "or the shop's placeholder path /images/products/{productId}.svg or /images/products/{productId}/{sku}.svg.";

    /// <summary>The shop's placeholder image of a product, or of one of its variants.</summary>
    public static string PlaceholderPath(string productId, string? sku = null) =>
        sku is null ? $"{PlaceholderRoute}/{productId}{SvgSuffix}" : $"{PlaceholderRoute}/{productId}/{sku}{SvgSuffix}";

    public static bool IsPlaceholderPath(string url)
    {
        if (!url.StartsWith(PlaceholderRoute + "/", StringComparison.Ordinal) || !url.EndsWith(SvgSuffix, StringComparison.Ordinal)
            || url.Length <= PlaceholderRoute.Length + 1 + SvgSuffix.Length)
            return false;
        var ids = url[(PlaceholderRoute.Length + 1)..^SvgSuffix.Length].Split('/');
        return ids switch
        {
            [var productId] => Ids.Product.IsValid(productId),
            [var productId, var sku] => Ids.Product.IsValid(productId) && Ids.Sku.IsValid(sku),
            _ => false,
        };
    }

    public static bool IsAllowedUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxUrlLength)
            return false;
        if (url.StartsWith('/'))
            return IsPlaceholderPath(url);
        // Well-formed means escaped: no spaces, backslashes or raw non-ASCII that browsers and servers read differently.
        return url.StartsWith("https://", StringComparison.Ordinal)
            && Uri.IsWellFormedUriString(url, UriKind.Absolute)
            && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttps
            && uri.UserInfo.Length == 0
            && uri.Host.Length > 0;
    }

    public static IReadOnlyList<ProductImage> Normalize(IReadOnlyList<ProductImage>? images) =>
        images?.Select(i => i is null ? null! : new ProductImage(i.Url?.Trim() ?? "", i.Alt?.Trim() ?? "")).ToList() ?? [];

    /// <summary>Validates normalized images under <paramref name="field"/> (<c>images</c>, <c>variants[2].images</c>).</summary>
    public static void Validate(Validation v, string field, IReadOnlyList<ProductImage> images)
    {
        if (images.Count > MaxImages)
        {
            v.Add(field, $"At most {MaxImages} images are allowed.");
            return;
        }

        for (var i = 0; i < images.Count; i++)
        {
            var at = $"{field}[{i}]";
            if (images[i] is not { } image)
            {
                v.Add(at, "An image is required.");
                continue;
            }

            if (string.IsNullOrEmpty(image.Url))
                v.Add($"{at}.url", $"'{at}.url' is required.");
            else if (!IsAllowedUrl(image.Url))
                v.Add($"{at}.url", UrlRule);
            v.Require($"{at}.alt", image.Alt, MaxAltLength);
        }
    }
}
