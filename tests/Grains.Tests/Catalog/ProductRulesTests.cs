using EShop.Grains.Abstractions.Catalog;
using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Tests.Catalog;

public sealed class ProductRulesTests
{
    private static ValidationFailure Check(Product product) => ProductRules.Validate(ProductRules.Normalize(product));

    [Fact]
    public void A_complete_product_is_valid()
    {
        var failure = Check(Products.With("p1", "SKU-1", "SKU-2"));

        Assert.True(failure.IsValid);
        Assert.Empty(failure.Errors);
    }

    [Fact]
    public void Normalizing_trims_text_and_lowercases_category_and_currency()
    {
        var product = Products.With("p1") with
        {
            Name = "  Trail Shoe ",
            Description = " Light. ",
            Category = " Shoes ",
            Attributes = new Dictionary<string, string> { [" brand "] = " Northwind " },
            Variants = [Products.Variant(" SKU-1 ", name: " Size 42 ", currency: " USD ")],
        };

        var normalized = ProductRules.Normalize(product);

        Assert.Equal("Trail Shoe", normalized.Name);
        Assert.Equal("Light.", normalized.Description);
        Assert.Equal("shoes", normalized.Category);
        Assert.Equal("Northwind", normalized.Attributes["brand"]);
        var variant = Assert.Single(normalized.Variants);
        Assert.Equal("SKU-1", variant.Sku);
        Assert.Equal("Size 42", variant.Name);
        Assert.Equal(new Money(8900, "usd"), variant.Price);
    }

    [Fact]
    public void Missing_name_and_category_are_named_by_field()
    {
        var failure = Check(Products.With("p1", "SKU-1") with { Name = "   ", Category = "" });

        Assert.Equal(["category", "name"], failure.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_product_without_variants_is_invalid()
    {
        var failure = Check(Products.With("p1"));

        Assert.Equal(["variants"], failure.Errors.Keys);
    }

    [Fact]
    public void An_unknown_currency_is_named_by_its_json_path()
    {
        var product = Products.With("p1") with
        {
            Variants = [Products.Variant("SKU-1"), Products.Variant("SKU-2", currency: "dollars")],
        };

        var failure = Check(product);

        Assert.Equal(["variants[1].price.currency"], failure.Errors.Keys);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(Money.MaxAmount + 1)]
    [InlineData(4_611_686_018_427_387_904L)]
    [InlineData(long.MaxValue)]
    public void A_price_outside_0_to_the_payment_cap_is_named_by_its_json_path(long amount)
    {
        var failure = Check(Products.With("p1") with { Variants = [Products.Variant("SKU-1", amount: amount)] });

        Assert.Equal(["variants[0].price.amount"], failure.Errors.Keys);
        Assert.Contains("99999999", failure.Errors["variants[0].price.amount"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(Money.MaxAmount)]
    public void A_free_price_and_one_at_exactly_the_cap_are_valid(long amount) =>
        Assert.True(Check(Products.With("p1") with { Variants = [Products.Variant("SKU-1", amount: amount)] }).IsValid);

    [Fact]
    public void A_missing_price_is_named_by_its_json_path()
    {
        var failure = Check(Products.With("p1") with { Variants = [Products.Variant("SKU-1") with { Price = null! }] });

        Assert.Equal(["variants[0].price"], failure.Errors.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-starts-with-dash")]
    [InlineData("has space")]
    [InlineData("has/slash")]
    public void A_malformed_sku_is_named_by_its_json_path(string sku)
    {
        var failure = Check(Products.With("p1") with { Variants = [Products.Variant(sku)] });

        Assert.Contains("variants[0].sku", failure.Errors.Keys);
    }

    [Fact]
    public void A_sku_of_65_characters_is_too_long()
    {
        var failure = Check(Products.With("p1", new string('a', 65)));

        Assert.Equal(["variants[0].sku"], failure.Errors.Keys);
        Assert.True(Check(Products.With("p1", new string('a', 64))).IsValid);
    }

    [Fact]
    public void A_sku_repeated_within_a_product_is_named_at_its_second_use()
    {
        var failure = Check(Products.With("p1", "SKU-1", "SKU-2", "SKU-1"));

        Assert.Equal(["variants[2].sku"], failure.Errors.Keys);
    }

    [Fact]
    public void A_variant_without_a_name_is_named_by_its_json_path()
    {
        var failure = Check(Products.With("p1") with { Variants = [Products.Variant("SKU-1", name: " ")] });

        Assert.Equal(["variants[0].name"], failure.Errors.Keys);
    }

    [Fact]
    public void An_overlong_attribute_value_is_named_by_its_key()
    {
        var product = Products.With("p1", "SKU-1") with
        {
            Attributes = new Dictionary<string, string> { ["material"] = new string('x', 501) },
        };

        var failure = Check(product);

        Assert.Equal(["attributes.material"], failure.Errors.Keys);
    }

    [Fact]
    public void A_blank_variant_attribute_name_is_reported_on_that_variants_attributes()
    {
        var variant = Products.Variant("SKU-1") with { Attributes = new Dictionary<string, string> { ["  "] = "red" } };

        var failure = Check(Products.With("p1") with { Variants = [variant] });

        Assert.Equal(["variants[0].attributes"], failure.Errors.Keys);
    }

    [Fact]
    public void More_than_the_allowed_number_of_variants_is_invalid()
    {
        var skus = Enumerable.Range(0, ProductRules.MaxVariants + 1).Select(i => $"SKU-{i}").ToArray();

        var failure = Check(Products.With("p1", skus));

        Assert.Equal(["variants"], failure.Errors.Keys);
        Assert.True(Check(Products.With("p1", skus[..ProductRules.MaxVariants])).IsValid);
    }

    [Fact]
    public void Every_failing_field_is_reported_at_once()
    {
        var product = Products.With("p1") with
        {
            Name = "",
            Variants = [Products.Variant("SKU-1", amount: -5, currency: "xyz"), Products.Variant("bad sku")],
        };

        var failure = Check(product);

        Assert.Equal(
            ["name", "variants[0].price.amount", "variants[0].price.currency", "variants[1].sku"],
            failure.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
