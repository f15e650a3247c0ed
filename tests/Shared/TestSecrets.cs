using System.Security.Cryptography;

namespace EShop.Tests.Shared;

/// <summary>
/// Secrets made fresh for each run: a key written into a test file is a committed key, which the hosts refuse
/// outside Development (and the tests run in "Testing").
/// </summary>
internal static class TestSecrets
{
    /// <summary>A <c>Jwt:SigningKey</c> made as an operator makes one (<c>openssl rand -base64 32</c>).</summary>
    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
