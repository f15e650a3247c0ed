using EShop.Grains.Users;

namespace EShop.Grains.Tests.Users;

public sealed class AccountLockoutTests
{
    private static readonly AccountOptions Options = new(); // 5 failures, 15 minutes
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static AccountLockout FailTimes(int times, AccountLockout from, DateTimeOffset at)
    {
        for (var i = 0; i < times; i++)
            from = from.Failed(at, Options);
        return from;
    }

    [Fact]
    public void Four_failures_in_a_row_do_not_lock()
    {
        var lockout = FailTimes(4, AccountLockout.None, Now);

        Assert.Equal(new AccountLockout(4, null), lockout);
        Assert.False(lockout.IsLocked(Now));
    }

    [Fact]
    public void The_fifth_failure_in_a_row_locks_for_the_lockout_duration()
    {
        var lockout = FailTimes(5, AccountLockout.None, Now);

        Assert.Equal(Now + Options.LockoutDuration, lockout.LockedUntil);
        Assert.True(lockout.IsLocked(Now));
        Assert.True(lockout.IsLocked(Now + Options.LockoutDuration - TimeSpan.FromTicks(1)));
        Assert.False(lockout.IsLocked(Now + Options.LockoutDuration));
    }

    [Fact]
    public void A_failure_after_the_lock_ran_out_starts_the_count_again()
    {
        var later = Now + Options.LockoutDuration;
        var expired = FailTimes(5, AccountLockout.None, Now);

        var oneMore = expired.Failed(later, Options);

        Assert.Equal(new AccountLockout(1, null), oneMore);
        Assert.False(FailTimes(3, oneMore, later).IsLocked(later));
        Assert.True(FailTimes(4, oneMore, later).IsLocked(later));
    }

    [Fact]
    public void The_number_of_failures_that_lock_comes_from_the_options()
    {
        var strict = new AccountOptions { MaxFailedLogins = 2, LockoutDuration = TimeSpan.FromMinutes(1) };

        var once = AccountLockout.None.Failed(Now, strict);
        var twice = once.Failed(Now, strict);

        Assert.False(once.IsLocked(Now));
        Assert.Equal(Now + TimeSpan.FromMinutes(1), twice.LockedUntil);
    }

    [Fact]
    public void No_lockout_is_never_locked()
    {
        Assert.False(AccountLockout.None.IsLocked(DateTimeOffset.MinValue));
        Assert.False(AccountLockout.None.IsLocked(DateTimeOffset.MaxValue));
    }
}
