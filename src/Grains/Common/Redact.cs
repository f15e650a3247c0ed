namespace EShop.Grains.Common;

/// <summary>
/// Personal data as logs may show it. Log lines travel to collectors, tickets and screenshots that nobody erases
/// when an account is, so they carry enough to tell cases apart and nothing that identifies a person.
/// </summary>
public static class Redact
{
    /// <summary><c>ann@example.com</c> -> <c>a***@example.com</c>: the domain helps with delivery problems, the name stays out.</summary>
    public static string Email(string? email)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        if (email is null || at <= 0 || at == email.Length - 1)
            return "***";
        return string.Concat(email.AsSpan(0, 1), "***", email.AsSpan(at));
    }
}
