namespace EShop.Grains.Users;

/// <summary>
/// Failed logins of one account, per client. A client (network address) that fails
/// <see cref="AccountOptions.MaxFailedLogins"/> times in a row is locked out of the account for
/// <see cref="AccountOptions.LockoutDuration"/>; other clients, the owner's among them, are not, so a stranger
/// cannot lock anyone out. Failures across all clients only slow the account down (a wait between attempts that
/// doubles up to <see cref="AccountOptions.SlowDownMax"/>): many addresses together cannot guess fast, and the
/// owner waits at most that long. A success clears the slow-down and that client's count. State stays bounded:
/// at most <see cref="AccountOptions.MaxTrackedClients"/> clients, each forgotten once its lock or row has run out.
/// </summary>
[GenerateSerializer, Immutable, Alias("eshop.login-throttle.v1")]
public sealed record LoginThrottle(
    [property: Id(0)] IReadOnlyList<ClientFailures> Clients,
    [property: Id(1)] int AccountFailures,
    [property: Id(2)] DateTimeOffset? LastAccountFailure,
    [property: Id(3)] DateTimeOffset? SlowedUntil)
{
    /// <summary>The longest doubling we compute before the cap applies (2^20 s is far beyond any allowed cap).</summary>
    private const int MaxDoublings = 20;

    /// <summary>Longer client names are cut, so that what a caller passes cannot grow the state (an IPv6 address is at most 45).</summary>
    public const int MaxClientLength = 64;

    public static LoginThrottle None { get; } = new([], 0, null, null);

    public bool IsNone => Clients.Count == 0 && AccountFailures == 0 && SlowedUntil is null;

    /// <summary>Until when <paramref name="client"/> must wait before its next attempt, or null if it may try now.</summary>
    public DateTimeOffset? BlockedUntil(string client, DateTimeOffset now)
    {
        var locked = Clients.FirstOrDefault(c => c.Client == client)?.LockedUntil;
        var until = locked is null || SlowedUntil > locked ? SlowedUntil : locked;
        return until > now ? until : null;
    }

    /// <summary>A wrong password from <paramref name="client"/>, which was not blocked.</summary>
    public LoginThrottle Failed(string client, DateTimeOffset now, AccountOptions options)
    {
        if (BlockedUntil(client, now) is not null)
            return this;

        // A lock that ran out is not live: the row starts again.
        var previous = Clients.FirstOrDefault(c => c.Client == client && c.IsLive(now, options));
        var inARow = (previous?.FailedInARow ?? 0) + 1;
        var entry = inARow >= options.MaxFailedLogins
            ? new ClientFailures(client, inARow, now, now + options.LockoutDuration)
            : new ClientFailures(client, inARow, now, null);
        var others = Clients
            .Where(c => c.Client != client && c.IsLive(now, options))
            .OrderByDescending(c => c.LastFailure)
            .Take(options.MaxTrackedClients - 1);

        var accountFailures = (LastAccountFailure > now - options.LockoutDuration ? AccountFailures : 0) + 1;
        var beyond = accountFailures - options.SlowDownAfter;
        var slowedUntil = beyond > 0 ? now + SlowDown(beyond, options.SlowDownMax) : SlowedUntil;
        return new LoginThrottle([.. others, entry], accountFailures, now, slowedUntil);
    }

    /// <summary>The right password from <paramref name="client"/>: its count and the slow-down end; other clients' locks stay.</summary>
    public LoginThrottle Succeeded(string client, DateTimeOffset now, AccountOptions options) =>
        new([.. Clients.Where(c => c.Client != client && c.IsLive(now, options))], 0, null, null);

    private static TimeSpan SlowDown(int beyond, TimeSpan max)
    {
        var delay = TimeSpan.FromSeconds(1L << Math.Min(beyond - 1, MaxDoublings));
        return delay < max ? delay : max;
    }
}

/// <summary>One client's failures in a row on one account, and the lock they led to.</summary>
[GenerateSerializer, Immutable, Alias("eshop.client-failures.v1")]
public sealed record ClientFailures(
    [property: Id(0)] string Client,
    [property: Id(1)] int FailedInARow,
    [property: Id(2)] DateTimeOffset LastFailure,
    [property: Id(3)] DateTimeOffset? LockedUntil)
{
    /// <summary>Still worth remembering: locked, or failed recently enough that the next failure continues the row.</summary>
    public bool IsLive(DateTimeOffset now, AccountOptions options) =>
        LockedUntil is { } until ? until > now : now - LastFailure < options.LockoutDuration;
}
