using System.Net.Mail;
using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Common;

namespace EShop.Grains.Users;

public static class UserRules
{
    public const int MaxAddresses = 20;

    public const int MinPasswordLength = 8;

    /// <summary>Bounds the hashing work one request can ask for.</summary>
    public const int MaxPasswordLength = 128;

    /// <summary>The key of the email index: emails are unique case-insensitively.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static bool IsValidEmail(string? email) =>
        email is { Length: > 0 and <= 254 }
        && MailAddress.TryCreate(email.Trim(), out var parsed)
        && parsed.Address == email.Trim()
        && parsed.Host.Contains('.', StringComparison.Ordinal);

    public static ValidationFailure ValidateRegistration(string? email, string? password, string? fullName)
    {
        var v = new Validation();
        if (!IsValidEmail(email))
            v.Add("email", "A valid email address is required.");
        if (password is null || password.Length < MinPasswordLength)
            v.Add("password", $"The password must be at least {MinPasswordLength} characters.");
        else if (password.Length > MaxPasswordLength)
            v.Add("password", $"The password must be at most {MaxPasswordLength} characters.");
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
