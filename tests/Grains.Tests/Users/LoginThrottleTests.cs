using EShop.Grains.Users;
using Microsoft.Extensions.Time.Testing;

namespace EShop.Grains.Tests.Users;

public sealed class LoginThrottleTests
{
    private const string Attacker = "198.51.100.7";
    private const string Owner = "203.0.113.20";

    // 5 failures per client, 15 minutes; slowed down after 20 failures across clients, up to a minute.
    private static readonly AccountOptions Options = new();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _time.GetUtcNow();

    private LoginThrottle Fail(LoginThrottle throttle, string client, int times, AccountOptions? options = null)
    {
        for (var i = 0; i < times; i++)
            throttle = throttle.Failed(client, Now, options ?? Options);
        return throttle;
    }

    [Fact]
    public void Four_failures_from_a_client_do_not_block_it()
    {
        var throttle = Fail(LoginThrottle.None, Attacker, 4);

        Assert.Null(throttle.BlockedUntil(Attacker, Now));
        Assert.Equal(4, Assert.Single(throttle.Clients).FailedInARow);
    }

    [Fact]
    public void The_fifth_failure_locks_that_client_out_for_the_lockout_duration_and_nobody_else()
    {
        var throttle = Fail(LoginThrottle.None, Attacker, 5);

        Assert.Equal(Now + Options.LockoutDuration, throttle.BlockedUntil(Attacker, Now));
        Assert.Null(throttle.BlockedUntil(Owner, Now));
        _time.Advance(Options.LockoutDuration - TimeSpan.FromTicks(1));
        Assert.NotNull(throttle.BlockedUntil(Attacker, Now));
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Null(throttle.BlockedUntil(Attacker, Now));
    }

    [Fact]
    public void A_failure_while_blocked_changes_nothing()
    {
        var locked = Fail(LoginThrottle.None, Attacker, 5);

        Assert.Same(locked, locked.Failed(Attacker, Now, Options));
    }

    [Fact]
    public void After_a_lock_runs_out_the_row_starts_again()
    {
        var locked = Fail(LoginThrottle.None, Attacker, 5);
        _time.Advance(Options.LockoutDuration);

        var again = Fail(locked, Attacker, 4);

        Assert.Null(again.BlockedUntil(Attacker, Now));
        Assert.NotNull(again.Failed(Attacker, Now, Options).BlockedUntil(Attacker, Now));
    }

    [Fact]
    public void Failures_are_forgotten_a_lockout_duration_after_the_last_one()
    {
        var throttle = Fail(LoginThrottle.None, Attacker, 4);
        _time.Advance(Options.LockoutDuration);

        throttle = throttle.Failed(Attacker, Now, Options);

        Assert.Equal(1, Assert.Single(throttle.Clients).FailedInARow);
        Assert.Equal(1, throttle.AccountFailures);
    }

    [Fact]
    public void The_owners_success_clears_the_owner_and_the_slow_down_but_not_the_attackers_lock()
    {
        var throttle = Fail(Fail(LoginThrottle.None, Attacker, 5), Owner, 2);

        var afterSuccess = throttle.Succeeded(Owner, Now, Options);

        Assert.Equal([Attacker], afterSuccess.Clients.Select(c => c.Client));
        Assert.NotNull(afterSuccess.BlockedUntil(Attacker, Now));
        Assert.Equal(0, afterSuccess.AccountFailures);
        Assert.Null(afterSuccess.SlowedUntil);
    }

    [Fact]
    public void A_success_from_every_client_leaves_nothing_behind()
    {
        var throttle = Fail(LoginThrottle.None, Owner, 3);

        Assert.True(throttle.Succeeded(Owner, Now, Options).IsNone);
    }

    [Fact]
    public void An_account_remembers_at_most_the_allowed_number_of_clients_forgetting_the_longest_quiet()
    {
        var options = new AccountOptions { MaxTrackedClients = 3 };
        var throttle = LoginThrottle.None;
        foreach (var client in new[] { "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4" })
        {
            throttle = Fail(throttle, client, 5, options);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["10.0.0.2", "10.0.0.3", "10.0.0.4"], throttle.Clients.Select(c => c.Client).Order(StringComparer.Ordinal));
        Assert.Null(throttle.BlockedUntil("10.0.0.1", Now));
    }

    [Fact]
    public void Clients_whose_locks_ran_out_are_dropped_from_the_state()
    {
        var throttle = Fail(LoginThrottle.None, Attacker, 5);
        _time.Advance(Options.LockoutDuration);

        throttle = throttle.Failed(Owner, Now, Options);

        Assert.Equal([Owner], throttle.Clients.Select(c => c.Client));
    }

    [Fact]
    public void Failures_across_many_clients_slow_every_client_down_by_a_doubling_delay_up_to_the_maximum()
    {
        var options = new AccountOptions { SlowDownAfter = 10, SlowDownMax = TimeSpan.FromSeconds(30) };
        var throttle = LoginThrottle.None;
        for (var i = 0; i < 10; i++)
            throttle = throttle.Failed($"10.0.1.{i}", Now, options);
        Assert.Null(throttle.BlockedUntil(Owner, Now));

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            throttle = throttle.Failed($"10.0.2.{i}", Now, options);
            delays.Add(throttle.BlockedUntil(Owner, Now)!.Value - Now);
            _time.Advance(delays[^1]);
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays.Select(d => d.TotalSeconds));
        Assert.Null(throttle.BlockedUntil(Owner, Now));
    }

    [Fact]
    public void A_slowed_down_account_forgets_its_failures_after_a_quiet_lockout_duration()
    {
        var options = new AccountOptions { SlowDownAfter = 2 };
        var throttle = Fail(LoginThrottle.None, Attacker, 3, options);
        _time.Advance(Options.LockoutDuration);

        throttle = throttle.Failed(Owner, Now, options);

        Assert.Equal(1, throttle.AccountFailures);
        Assert.Null(throttle.BlockedUntil(Owner, Now));
    }
}
