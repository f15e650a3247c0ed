using System.Security.Cryptography;
using System.Text;

namespace EShop.Grains.Privacy;

/// <summary>What stands in for an erased user's id where the shop keeps records of their orders.</summary>
public static class Pseudonyms
{
    public const string Prefix = "deleted-";

    /// <summary>
    /// <c>deleted-</c> and the first 16 hex digits of the SHA-256 of the user id: the same for every row of the
    /// user (their orders still count as one customer's, and a second erasure writes the same value), not the id
    /// and not derivable from anything the shop still holds about them.
    /// </summary>
    public static string Of(string userId) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)), 0, 8);
}
