using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Catalog;

namespace EShop.Grains.Tests.Catalog;

public sealed class CatalogSearchTests
{
    private static readonly Product Boot = new(
        "p-boot", "Alpine Boot", "Waterproof leather for winter hikes.", "shoes",
        new Dictionary<string, string> { ["brand"] = "Northwind" },
        [new ProductVariant("BOOT-42", "Size 42", new Dictionary<string, string> { ["color"] = "Brown" }, new Money(15900, "usd"))]);

    private static readonly Product Sandal = new(
        "p-sandal", "Beach Sandal", "Light and quick to dry.", "shoes",
        new Dictionary<string, string> { ["brand"] = "Contoso" },
        [new ProductVariant("SANDAL-40", "Size 40", new Dictionary<string, string> { ["color"] = "Blue" }, new Money(2900, "usd"))]);

    private static readonly Product Jacket = new(
        "p-jacket", "Rain Jacket", "Waterproof shell.", "outerwear",
        new Dictionary<string, string> { ["brand"] = "Northwind" },
        [new ProductVariant("JACKET-M", "Medium", new Dictionary<string, string> { ["color"] = "Yellow" }, new Money(9900, "usd"))]);

    private static readonly Product[] Catalog = [Jacket, Sandal, Boot];

    private static IEnumerable<string> Ids(ProductPage page) => page.Items.Select(p => p.ProductId);

    private static ProductPage Search(string? search, string? category = null, int page = 1, int pageSize = 10) =>
        CatalogSearch.Query(Catalog, new ProductQuery(search, category, page, pageSize));

    [Fact]
    public void No_filter_lists_every_product_by_name()
    {
        var page = Search(null);

        Assert.Equal(["p-boot", "p-sandal", "p-jacket"], Ids(page));
        Assert.Equal(3, page.Total);
    }

    [Theory]
    [InlineData("alpine", "p-boot")]         // name
    [InlineData("QUICK TO", "p-sandal")]      // description, both terms
    [InlineData("contoso", "p-sandal")]       // product attribute value
    [InlineData("yellow", "p-jacket")]        // variant attribute value
    [InlineData("sandal-40", "p-sandal")]     // variant sku
    public void A_term_matches_name_description_attributes_and_variants_ignoring_case(string search, string expected)
    {
        Assert.Equal([expected], Ids(Search(search)));
    }

    [Fact]
    public void Every_term_must_match_somewhere()
    {
        Assert.Equal(["p-boot", "p-jacket"], Ids(Search("waterproof")));
        Assert.Equal(["p-boot"], Ids(Search("waterproof brown")));
        Assert.Empty(Ids(Search("waterproof blue")));
    }

    [Fact]
    public void Attribute_names_are_not_searched()
    {
        Assert.Empty(Search("color").Items);
    }

    [Fact]
    public void The_category_filter_ignores_case_and_surrounding_space()
    {
        var page = Search(null, category: " SHOES ");

        Assert.Equal(["p-boot", "p-sandal"], Ids(page));
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public void Category_and_search_combine()
    {
        Assert.Equal(["p-boot"], Ids(Search("northwind", category: "shoes")));
    }

    [Fact]
    public void A_page_holds_its_slice_and_the_total_counts_every_match()
    {
        var second = Search(null, page: 2, pageSize: 2);

        Assert.Equal(["p-jacket"], Ids(second));
        Assert.Equal(2, second.Page);
        Assert.Equal(2, second.PageSize);
        Assert.Equal(3, second.Total);
    }

    [Fact]
    public void A_page_past_the_end_is_empty_but_keeps_the_total()
    {
        var page = Search(null, page: 5, pageSize: 2);

        Assert.Empty(page.Items);
        Assert.Equal(3, page.Total);
    }
}
