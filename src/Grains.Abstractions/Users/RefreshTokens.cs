using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace EShop.Grains.Abstractions.Users;

/// <summary>Refresh tokens are <c>{familyId}.{secret}</c>; only a SHA-256 of the secret is ever stored.</summary>
public static class RefreshTokens
{
    /// <summary>Real tokens are about 80 characters; anything far longer is refused before it reaches a grain.</summary>
    public const int MaxLength = 512;

    public static string NewFamilyId() => $"rtf_{Guid.NewGuid():N}";

    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Format(string familyId, string secret) => $"{familyId}.{secret}";

    public static bool TryParse(string? token, out string familyId, out string secret)
    {
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        familyId = dot > 0 ? token![..dot] : "";
        secret = dot > 0 ? token![(dot + 1)..] : "";
        return familyId.StartsWith("rtf_", StringComparison.Ordinal) && secret.Length > 0;
    }

    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool SameHash(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
