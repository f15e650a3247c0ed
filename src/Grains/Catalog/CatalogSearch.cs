using EShop.Grains.Abstractions.Catalog;

namespace EShop.Grains.Catalog;

/// <summary>Listing, category filter and free-text search over the catalog: every term must match somewhere.</summary>
public static class CatalogSearch
{
    public static ProductPage Query(IEnumerable<Product> products, ProductQuery query)
    {
        var terms = (query.Search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var category = query.Category?.Trim();

        var matches = products
            .Where(p => string.IsNullOrEmpty(category) || string.Equals(p.Category, category, StringComparison.OrdinalIgnoreCase))
            .Where(p => terms.All(term => Matches(p, term)))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.ProductId, StringComparer.Ordinal)
            .ToList();

        var items = matches.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        return new ProductPage(items, query.Page, query.PageSize, matches.Count);
    }

    private static bool Matches(Product product, string term) =>
        Contains(product.Name, term)
        || Contains(product.Description, term)
        || product.Attributes.Values.Any(value => Contains(value, term))
        || product.Variants.Any(v => Contains(v.Name, term) || Contains(v.Sku, term) || v.Attributes.Values.Any(value => Contains(value, term)));

    private static bool Contains(string text, string term) => text.Contains(term, StringComparison.OrdinalIgnoreCase);
}
