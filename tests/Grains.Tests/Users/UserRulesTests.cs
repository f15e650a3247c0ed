using EShop.Grains.Abstractions.Users;

namespace EShop.Grains.Tests.Users;

public sealed class UserRulesTests
{
    private static readonly Address Home = new("", "Ada Lovelace", "12 St James's Square", null, "London", "SW1Y 4JH", "GB");

    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("ada.lovelace+shop@mail.example.co.uk")]
    [InlineData("  ada@example.com  ")]
    [InlineData("o'brien!#$%&*/=?^_`{|}~-x@mail-1.example.io")]
    [InlineData("ada@xn--bcher-kva.example")]
    public void A_plain_address_with_a_dotted_domain_is_a_valid_email(string email)
    {
        Assert.True(UserRules.IsValidEmail(email));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ada")]
    [InlineData("ada@localhost")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("ada@@example.com")]
    [InlineData("ada@exa mple.com")]
    // Each once accepted here but refused by the contract's format: email (found by the hostile-input fuzz test).
    [InlineData("ada.@example.com")]
    [InlineData("ada@exa_mple.com")]
    [InlineData("ada@-example.com")]
    [InlineData("ada@example-.com")]
    [InlineData("ada@example.com.")]
    [InlineData("ada@example.c")]
    [InlineData("ada@1.2")]
    [InlineData("ada@[192.0.2.1]")]
    public void Anything_else_is_not_a_valid_email(string? email)
    {
        Assert.False(UserRules.IsValidEmail(email));
    }

    [Fact]
    public void An_email_longer_than_254_characters_is_not_valid()
    {
        var domain = "@example.com";

        Assert.True(UserRules.IsValidEmail(new string('a', 64) + domain));
        Assert.False(UserRules.IsValidEmail(new string('a', 255 - domain.Length) + domain));
    }

    [Fact]
    public void Emails_are_indexed_trimmed_and_lowercase()
    {
        Assert.Equal("ada@example.com", UserRules.NormalizeEmail("  Ada@Example.COM "));
    }

    [Fact]
    public void A_registration_names_each_failing_field()
    {
        var failure = UserRules.ValidateRegistration("not-an-email", "short", " ");

        Assert.Equal(["email", "fullName", "password"], failure.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_password_must_be_between_8_and_128_characters()
    {
        static bool Accepts(int length) => UserRules.ValidateRegistration("ada@example.com", new string('p', length), "Ada").IsValid;

        Assert.Equal((false, true, true, false), (Accepts(7), Accepts(8), Accepts(128), Accepts(129)));
    }

    [Theory]
    [InlineData("GB")]
    [InlineData("gb")]
    [InlineData(" us ")]
    public void An_address_with_an_iso_country_is_valid(string country)
    {
        Assert.True(UserRules.ValidateAddress(Home with { Country = country }).IsValid);
    }

    [Theory]
    [InlineData("UK")]
    [InlineData("GBR")]
    [InlineData("")]
    [InlineData(null)]
    public void A_country_that_is_not_an_iso_alpha_2_code_is_refused(string? country)
    {
        var failure = UserRules.ValidateAddress(Home with { Country = country! });

        Assert.Equal(["country"], failure.Errors.Keys);
    }

    [Fact]
    public void Missing_and_overlong_address_fields_are_named_under_the_given_prefix()
    {
        var address = Home with { Line1 = " ", City = "", Line2 = new string('x', 201), PostalCode = new string('9', 21) };

        var failure = UserRules.ValidateAddress(address, "shippingAddress.");

        Assert.Equal(
            ["shippingAddress.city", "shippingAddress.line1", "shippingAddress.line2", "shippingAddress.postalCode"],
            failure.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Normalizing_an_address_trims_it_drops_a_blank_second_line_and_uppercases_the_country()
    {
        var address = new Address("adr_1", " Ada ", " 12 Square ", "  ", " London ", " SW1Y ", " gb ");

        Assert.Equal(new Address("adr_1", "Ada", "12 Square", null, "London", "SW1Y", "GB"), UserRules.NormalizeAddress(address));
    }
}
