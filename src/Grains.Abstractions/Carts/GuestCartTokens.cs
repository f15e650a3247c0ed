using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace EShop.Grains.Abstractions.Carts;

/// <summary>
/// Guest cart tokens: 256 random bits, base64url. Grains and storage see only a hash of the token, so a leaked
/// storage row or log line never holds a bearer secret.
/// </summary>
public static class GuestCartTokens
{
    public const string Header = "X-Cart-Token";

    private const int TokenBytes = 32;

    /// <summary>The length of every token: 32 bytes in unpadded base64url.</summary>
    public const int Length = 43;

    private const string KeyPrefix = "gst_";

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>The grain key of a well-formed token; null for anything that cannot be one (no grain is asked).</summary>
    public static string? KeyOf(string? token) =>
        token is { Length: Length } && Base64Url.IsValid(token)
            ? KeyPrefix + Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(token)))
            : null;

    /// <summary>The id a user cart remembers a merged guest cart by, so that it merges once.</summary>
    public static string MergeId(string key) => $"merge:{key}";
}
