using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Tests.Common;

public sealed class TextRulesTests
{
    public static TheoryData<string> Refused =>
    [
        "\u0000", "\u0007", "\u001B", "\u007F", // C0 and DEL
        "\u0085", "\u009B", // C1: next line, control sequence introducer
        "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", // bidi embeddings and overrides
        "\u2066", "\u2067", "\u2068", "\u2069", // bidi isolates
        "\u200E", "\u200F", "\u061C", // bidi marks
        "\u200B", "\u2060", "\uFEFF", "\u00AD", // invisible: zero-width space, word joiner, BOM, soft hyphen
        "\u2028", "\u2029", // line and paragraph separators
        "\uD800", "\uDC00", // unpaired surrogates
        "\U000E0041", // a tag character
    ];

    [Theory]
    [MemberData(nameof(Refused))]
    public void Control_and_invisible_formatting_characters_are_refused_even_in_multi_line_text(string character)
    {
        Assert.False(TextRules.IsAllowed($"Ada{character}Lovelace"));
        Assert.False(TextRules.IsAllowed($"Ada{character}Lovelace", TextKind.MultiLine));
    }

    [Theory]
    [InlineData("Zo\u00EB O'Brien-Sm\u00EFth")]
    [InlineData("\u0645\u06CC\u200C\u0631\u0648\u0632")] // Persian with ZWNJ
    [InlineData("\u0915\u094D\u200D\u0937")] // Devanagari with ZWJ
    [InlineData("\U0001F469\u200D\U0001F4BB \U0001F1EC\U0001F1E7")] // emoji sequences, surrogate pairs
    [InlineData("\u5C71\u7530 \u592A\u90CE")]
    [InlineData("e\u0301")] // combining accent
    public void Names_in_any_script_are_allowed(string name)
    {
        Assert.True(TextRules.IsAllowed(name));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\t")]
    public void Line_breaks_and_tabs_are_allowed_only_in_multi_line_text(string separator)
    {
        Assert.Equal((false, true), (TextRules.IsAllowed($"a{separator}b"), TextRules.IsAllowed($"a{separator}b", TextKind.MultiLine)));
    }

    [Fact]
    public void Opaque_text_such_as_a_password_is_not_inspected()
    {
        Assert.True(TextRules.IsAllowed("pass\u0000\u202Eword", TextKind.Opaque));
    }

    [Fact]
    public void Require_and_optional_name_the_field_that_holds_a_refused_character()
    {
        var failure = new Validation()
            .Require("fullName", "Ada\u202E", 200)
            .Optional("line2", "Flat\u00001", 200)
            .Optional("description", "Line one\nLine two", 4000, TextKind.MultiLine)
            .Require("city", "London", 100)
            .ToFailure();

        Assert.Equal(["fullName", "line2"], failure.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
