namespace EShop.Grains.Users;

/// <summary>Failed logins in a row and the lock they lead to. A success, or a lock running out, starts the count again.</summary>
[GenerateSerializer, Immutable, Alias("eshop.account-lockout.v1")]
public sealed record AccountLockout([property: Id(0)] int FailedInARow, [property: Id(1)] DateTimeOffset? LockedUntil)
{
    public static AccountLockout None { get; } = new(0, null);

    public bool IsLocked(DateTimeOffset now) => LockedUntil > now;

    public AccountLockout Failed(DateTimeOffset now, AccountOptions options)
    {
        if (IsLocked(now))
            return this;
        var failures = (LockedUntil <= now ? 0 : FailedInARow) + 1;
        return failures >= options.MaxFailedLogins
            ? new AccountLockout(0, now + options.LockoutDuration)
            : new AccountLockout(failures, null);
    }
}
