using System.Collections.Frozen;

namespace EShop.Api.Users;

/// <summary>
/// What a <c>Jwt:SigningKey</c> must be outside Development: anyone holding it mints admin tokens, so it must be
/// at least 256 bits from a random source, written as base64, base64url or hex (<c>openssl rand -base64 32</c>),
/// and none of the keys this repository has ever committed. The HMAC still takes the key's UTF-8 bytes as they
/// are; decoding only judges where the key came from.
/// </summary>
internal static class SigningKeyRules
{
    public const int MinimumBytes = 32;

    /// <summary>
    /// 32 random bytes have about 30 distinct values, and fewer than 16 happens about once in 10^9 keys; a
    /// repeated pattern or encoded text has far fewer.
    /// </summary>
    public const int MinimumDistinctBytes = 16;

    private const string HowTo = "set it to at least 32 random bytes as base64, base64url or hex (e.g. `openssl rand -base64 32`)";

    /// <summary>Every key committed to this repository (appsettings, docker-compose.yml, tests): public by now.</summary>
    public static readonly FrozenSet<string> Committed = FrozenSet.Create(
        StringComparer.Ordinal,
        "development-only-signing-key-change-me-0123456789",
        "compose-demo-signing-key-change-me-0123456789",
        "api-tests-signing-key-0123456789-abcdefghij",
        "some-other-signing-key-0123456789-abcdefghij");

    /// <summary>Why <paramref name="key"/> is unfit outside Development, or null when it is fit. Never echoes the key.</summary>
    public static string? Problem(string key)
    {
        if (Committed.Contains(key.Trim()))
            return $"Jwt:SigningKey is a key committed to the EShop repository, known to anyone who reads it: {HowTo}.";
        if (Decode(key) is not { } bytes)
            return $"Jwt:SigningKey is not base64, base64url or hex: {HowTo}.";
        if (bytes.Length < MinimumBytes)
            return $"Jwt:SigningKey decodes to {bytes.Length} bytes, fewer than {MinimumBytes}: {HowTo}.";
        if (bytes.All(b => b is >= 0x20 and < 0x7F) || bytes.Distinct().Count() < MinimumDistinctBytes)
            return $"Jwt:SigningKey decodes to text or a repeating pattern, not random bytes: {HowTo}.";
        return null;
    }

    /// <summary>The bytes the key spells: hex when it is only hex digits, else base64 or base64url (padding optional).</summary>
    private static byte[]? Decode(string key)
    {
        key = key.Trim();
        if (key.Length == 0)
            return null;
        if (key.Length % 2 == 0 && key.All(char.IsAsciiHexDigit))
            return Convert.FromHexString(key);

        var base64 = key.Replace('-', '+').Replace('_', '/');
        if (!base64.EndsWith('='))
            base64 = base64.PadRight(base64.Length + (4 - (base64.Length % 4)) % 4, '=');
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }
}
