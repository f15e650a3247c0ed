using EShop.Grains.Abstractions.Catalog;

namespace EShop.Grains.Tests.Catalog;

/// <summary>Attribute names that would merge, and text that would render deceptively, are refused by name.</summary>
public sealed class ProductInputRulesTests
{
    private static Dictionary<string, string> Attributes(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Theory]
    [InlineData(" size ")]
    [InlineData("size\t")]
    [InlineData("\u3000size")]
    public void Product_attribute_names_that_differ_only_by_surrounding_spaces_are_refused(string twin)
    {
        var product = Products.With("p1", "SKU-1") with { Attributes = Attributes(("size", "M"), (twin, "L")) };

        var (_, failure) = ProductRules.NormalizeAndValidate(product);

        Assert.Equal(["attributes"], failure.Errors.Keys);
        Assert.Contains("'size'", Assert.Single(failure.Errors["attributes"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Variant_attribute_names_that_differ_only_by_surrounding_spaces_are_refused_on_that_variant()
    {
        var clashing = Products.Variant("SKU-2") with { Attributes = Attributes(("colour", "red"), (" colour", "blue")) };

        var (_, failure) = ProductRules.NormalizeAndValidate(Products.With("p1") with { Variants = [Products.Variant("SKU-1"), clashing] });

        Assert.Equal(["variants[1].attributes"], failure.Errors.Keys);
    }

    [Fact]
    public void Distinct_names_are_still_trimmed_and_kept()
    {
        var product = Products.With("p1", "SKU-1") with { Attributes = Attributes((" size ", " M "), ("Size", "L")) };

        var (normalized, failure) = ProductRules.NormalizeAndValidate(product);

        Assert.True(failure.IsValid);
        Assert.Equal(Attributes(("size", "M"), ("Size", "L")), normalized.Attributes);
    }

    [Fact]
    public void Control_and_bidi_characters_are_refused_in_every_text_field_by_its_json_path()
    {
        var variant = Products.Variant("SKU-1", name: "Size\u009B42") with { Attributes = Attributes(("size", "4\u202E2")) };
        var product = Products.With("p1") with
        {
            Name = "Trail\u0000Shoe",
            Description = "Light \u2066and\u2069 tough.",
            Category = "sho\u200Bes",
            Attributes = Attributes(("brand", "North\u0007wind"), ("co\u202Dlour", "red")),
            Variants = [variant],
        };

        var (_, failure) = ProductRules.NormalizeAndValidate(product);

        Assert.Equal(
            ["attributes", "attributes.brand", "category", "description", "name", "variants[0].attributes.size", "variants[0].name"],
            failure.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_description_may_span_lines_but_a_name_may_not()
    {
        var product = Products.With("p1", "SKU-1") with { Name = "Trail\nShoe", Description = "Light.\r\n\tTough." };

        var (_, failure) = ProductRules.NormalizeAndValidate(product);

        Assert.Equal(["name"], failure.Errors.Keys);
    }

    [Fact]
    public void An_attribute_name_that_is_refused_is_not_echoed_as_a_field_name()
    {
        var hostile = "\u202E" + new string('x', 40);
        var product = Products.With("p1", "SKU-1") with { Attributes = Attributes((hostile, new string('y', 501))) };

        var (_, failure) = ProductRules.NormalizeAndValidate(product);

        Assert.Equal(["attributes"], failure.Errors.Keys);
        Assert.DoesNotContain(failure.Errors["attributes"], m => m.Contains('\u202E', StringComparison.Ordinal));
    }

    [Fact]
    public void A_product_from_a_client_that_sends_null_variants_is_refused_not_thrown_on()
    {
        var (_, failure) = ProductRules.NormalizeAndValidate(Products.With("p1") with { Variants = null!, Attributes = null! });

        Assert.Equal(["variants"], failure.Errors.Keys);
    }
}
