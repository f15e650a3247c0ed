using EShop.Grains.Abstractions.Users;

namespace EShop.Grains.Tests.Users;

/// <summary>Look-alike emails, blank passwords and invisible characters in names and addresses.</summary>
public sealed class UserInputRulesTests
{
    private static readonly Address Home = new("", "Ada Lovelace", "12 St James's Square", null, "London", "SW1Y 4JH", "GB");

    [Theory]
    [InlineData("\uFF41dmin@eshop.local")] // full-width a: NFKC would make it admin@
    [InlineData("admin\uFF20eshop\uFF0Elocal")] // full-width @ and .
    [InlineData("ADM\u0130N@eshop.local")] // Turkish dotted capital I
    [InlineData("adm\u0131n@eshop.local")] // Turkish dotless small i
    [InlineData("\u0430dmin@eshop.local")] // Cyrillic a
    [InlineData("admin@b\u00FCcher.example")] // an IDN domain must come as punycode (xn--)
    [InlineData("ad\u200Bmin@eshop.local")] // zero-width space
    [InlineData("ad\u0001min@eshop.local")]
    [InlineData("\"ad min\"@eshop.local")] // a quoted local part with a space
    public void Only_printable_ascii_addresses_are_valid_emails(string email)
    {
        Assert.False(UserRules.IsValidEmail(email));
        Assert.Equal(["email"], UserRules.ValidateRegistration(email, "correct-horse-1", "Ada").Errors.Keys);
    }

    [Fact]
    public void An_ascii_email_keys_the_index_as_nfkc_and_case_folding_would()
    {
        Assert.True(UserRules.IsValidEmail("Admin.Ops+Shop@EShop.Local"));
        Assert.Equal("admin.ops+shop@eshop.local", UserRules.NormalizeEmail(" Admin.Ops+Shop@EShop.Local "));
    }

    [Fact]
    public void A_look_alike_never_keys_the_same_index_entry_as_the_ascii_address()
    {
        var key = UserRules.NormalizeEmail("admin@eshop.local");

        Assert.NotEqual(key, UserRules.NormalizeEmail("ADM\u0130N@eshop.local"));
        Assert.NotEqual(key, UserRules.NormalizeEmail("\uFF41dmin@eshop.local"));
    }

    [Theory]
    [InlineData("        ")]
    [InlineData("\t\t\t\t\t\t\t\t")]
    [InlineData("\u00A0\u00A0\u00A0\u00A0\u3000\u3000\u3000\u3000")]
    public void A_whitespace_only_password_is_refused(string password)
    {
        Assert.Equal(["password"], UserRules.ValidateRegistration("ada@example.com", password, "Ada").Errors.Keys);
    }

    [Fact]
    public void A_password_with_spaces_inside_is_fine()
    {
        Assert.True(UserRules.ValidateRegistration("ada@example.com", " correct horse battery ", "Ada").IsValid);
    }

    [Fact]
    public void A_full_name_with_a_bidi_override_is_refused_at_registration()
    {
        Assert.Equal(["fullName"], UserRules.ValidateRegistration("ada@example.com", "correct-horse-1", "\u202Eecalevol adA").Errors.Keys);
    }

    [Fact]
    public void Every_address_field_with_a_control_or_bidi_character_is_named_under_the_prefix()
    {
        var address = Home with
        {
            FullName = "Ada\u0000",
            Line1 = "12 St\u2028James's Square",
            Line2 = "Flat \u202E12",
            City = "Lon\u0085don",
            PostalCode = "SW1Y\u20664JH",
        };

        var failure = UserRules.ValidateAddress(address, "shippingAddress.");

        Assert.Equal(
            ["shippingAddress.city", "shippingAddress.fullName", "shippingAddress.line1", "shippingAddress.line2", "shippingAddress.postalCode"],
            failure.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
