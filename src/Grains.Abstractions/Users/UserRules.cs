using System.Net.Mail;
using EShop.Grains.Abstractions.Common;

namespace EShop.Grains.Abstractions.Users;

public static class UserRules
{
    public const int MaxAddresses = 20;

    /// <summary>What replaces erased personal data in records that outlive the account.</summary>
    public const string ErasedMarker = "[erased]";

    /// <summary>The address with everything that names or locates the person erased; the country stays (tax follows it).</summary>
    public static Address Erased(Address address) =>
        new(address.AddressId, ErasedMarker, ErasedMarker, null, ErasedMarker, ErasedMarker, address.Country);

    /// <summary>RFC 5321's limit for a forward path; longer input is refused before any lookup.</summary>
    public const int MaxEmailLength = 254;

    public const int MinPasswordLength = 8;

    /// <summary>Bounds the hashing work one request can ask for.</summary>
    public const int MaxPasswordLength = 128;

    /// <summary>
    /// The key of the email index: emails are unique case-insensitively. For the ASCII addresses
    /// <see cref="IsValidEmail"/> accepts, this is exactly NFKC followed by case folding (both are plain ASCII
    /// lower-casing there). Other input keeps its invariant lower-casing, as before, so accounts registered before the
    /// ASCII rule still sign in; a look-alike typed at login finds no account or (the Kelvin sign lower-cases to 'k')
    /// the one it imitates, which still asks for that account's password.
    /// </summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// A single plain address in printable ASCII (RFC 5321 without SMTPUTF8: mail goes out as ASCII). Refusing
    /// non-ASCII is what keeps look-alikes from becoming second accounts: a full-width a (U+FF41) or a Turkish
    /// dotted capital I (U+0130) in "admin@" is refused (400) instead of being folded. Folding them would need NFKC,
    /// which InvariantGlobalization turns into a silent no-op (string.Normalize returns non-ASCII text unchanged and
    /// does not throw); an IDN domain is accepted in its ASCII (xn--) form.
    /// </summary>
    public static bool IsValidEmail(string? email)
    {
        var address = email?.Trim();
        return address is { Length: > 0 and <= MaxEmailLength }
            && address.All(c => c is > ' ' and < '\u007F')
            && MailAddress.TryCreate(address, out var parsed)
            && parsed.Address == address
            && !parsed.User.EndsWith('.')
            && IsMailHost(parsed.Host);
    }

    /// <summary>
    /// A host name mail can be delivered to, as the contract's <c>format: email</c> reads it: two or more labels of
    /// letters, digits and inner hyphens (no underscore, no empty or trailing label, no address literal), the last one
    /// alphabetic (<c>io</c>, <c>uk</c>) or an IDN's <c>xn--</c> form.
    /// </summary>
    private static bool IsMailHost(string host)
    {
        var labels = host.Split('.');
        return labels.Length >= 2
            && labels.All(label => label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            && (labels[^1] is { Length: >= 2 } top && (top.All(char.IsAsciiLetter) || top.StartsWith("xn--", StringComparison.OrdinalIgnoreCase)));
    }

    public static ValidationFailure ValidateRegistration(string? email, string? password, string? fullName)
    {
        var v = new Validation();
        if (!IsValidEmail(email))
            v.Add("email", "A valid email address is required.");
        if (password is null || password.Length < MinPasswordLength)
            v.Add("password", $"The password must be at least {MinPasswordLength} characters.");
        else if (password.Length > MaxPasswordLength)
            v.Add("password", $"The password must be at most {MaxPasswordLength} characters.");
        else if (string.IsNullOrWhiteSpace(password))
            v.Add("password", "The password must not be only spaces.");
        v.Require("fullName", fullName, 200);
        return v.ToFailure();
    }

    public static ValidationFailure ValidateAddress(Address address, string prefix = "")
    {
        var v = new Validation()
            .Require(prefix + "fullName", address.FullName, 200)
            .Require(prefix + "line1", address.Line1, 200)
            .Optional(prefix + "line2", address.Line2, 200)
            .Require(prefix + "city", address.City, 100)
            .Require(prefix + "postalCode", address.PostalCode, 20);
        if (address.Country is null || !IsoCodes.Countries.Contains(address.Country.Trim().ToUpperInvariant()))
            v.Add(prefix + "country", "The country must be an ISO 3166 alpha-2 code such as 'US'.");
        return v.ToFailure();
    }

    public static Address NormalizeAddress(Address address) => address with
    {
        FullName = address.FullName.Trim(),
        Line1 = address.Line1.Trim(),
        Line2 = string.IsNullOrWhiteSpace(address.Line2) ? null : address.Line2.Trim(),
        City = address.City.Trim(),
        PostalCode = address.PostalCode.Trim(),
        Country = address.Country.Trim().ToUpperInvariant(),
    };
}
