using EShop.Grains.Abstractions.Users;

namespace EShop.Grains.Users;

/// <summary>
/// One login's chain of refresh tokens. Only the newest token works; presenting an older one means it was
/// copied, so the whole family is revoked and the thief and the owner both have to log in again.
/// </summary>
[GenerateSerializer, Alias("eshop.refresh-token-family.v1")]
public sealed class RefreshTokenFamily
{
    /// <summary>Rotated-out hashes remembered for reuse detection; older ones are simply unknown.</summary>
    public const int RememberedTokens = 100;

    [Id(0)] public string UserId { get; set; } = "";
    [Id(1)] public string CurrentHash { get; set; } = "";
    [Id(2)] public List<string> PreviousHashes { get; set; } = [];
    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(4)] public bool Revoked { get; set; }

    public bool IsUsable(DateTimeOffset now) => !Revoked && CurrentHash.Length > 0 && now < ExpiresAt;

    public RefreshStatus Rotate(string presentedHash, string nextHash, DateTimeOffset now)
    {
        if (IsUsable(now) && RefreshTokens.SameHash(presentedHash, CurrentHash))
        {
            PreviousHashes.Add(CurrentHash);
            if (PreviousHashes.Count > RememberedTokens)
                PreviousHashes.RemoveAt(0);
            CurrentHash = nextHash;
            return RefreshStatus.Rotated;
        }

        if (!Revoked && PreviousHashes.Any(h => RefreshTokens.SameHash(presentedHash, h)))
        {
            Revoked = true;
            return RefreshStatus.ReuseDetected;
        }

        return RefreshStatus.Invalid;
    }

    public bool Issued(string presentedHash) =>
        CurrentHash.Length > 0
        && (RefreshTokens.SameHash(presentedHash, CurrentHash) || PreviousHashes.Any(h => RefreshTokens.SameHash(presentedHash, h)));
}
