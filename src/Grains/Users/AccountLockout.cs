namespace EShop.Grains.Users;

/// <summary>
/// The account-wide lock of state version 1, which let anyone lock any account. Kept only so that stored user
/// state still reads; no longer consulted (see <see cref="LoginThrottle"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("eshop.account-lockout.v1")]
public sealed record AccountLockout([property: Id(0)] int FailedInARow, [property: Id(1)] DateTimeOffset? LockedUntil)
{
    public static AccountLockout None { get; } = new(0, null);
}
