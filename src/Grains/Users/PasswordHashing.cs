using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EShop.Grains.Users;

/// <summary>
/// ASP.NET Core Identity's hasher (PBKDF2-HMAC-SHA512, v3 format) at OWASP's 210,000 iterations: 100-200 ms of
/// CPU per call. Grains reach it only through <see cref="PasswordWork"/>, which caps how many run at once.
/// </summary>
public static class PasswordHashing
{
    public const int Iterations = 210_000;

    private static readonly PasswordHasher<object> Hasher =
        new(Options.Create(new PasswordHasherOptions { IterationCount = Iterations }));

    private static readonly object NoUser = new();

    // Verified when no account matches, so that an unknown email costs as much time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => Hash(Guid.NewGuid().ToString()));

    public static string Hash(string password) => Hasher.HashPassword(NoUser, password);

    public static PasswordVerificationResult Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(NoUser, hash, password);

    public static void BurnVerificationTime(string password) => Verify(DummyHash.Value, password);
}
