using EShop.Grains.Abstractions.Users;
using EShop.Grains.Tests.Infrastructure;
using EShop.Grains.Users;

namespace EShop.Grains.Tests.Users;

[Collection(SharedCluster.Name)]
public sealed class UserGrainTests(ClusterFixture fixture)
{
    private const string Password = "correct horse battery staple";
    private static readonly Secret Right = new(Password);
    private static readonly Secret Wrong = new("not the password");

    // PBKDF2 at 210,000 iterations: hashed once for the whole class.
    private static readonly string PasswordHash = PasswordHashing.Hash(Password);

    private static readonly TimeSpan LockoutDuration = new AccountOptions().LockoutDuration;

    private const string Here = "192.0.2.10";
    private const string Elsewhere = "192.0.2.99";

    private readonly string _userId = Accounts.NewUserId();
    private readonly string _email = Accounts.NewEmail();

    private IUserGrain User => fixture.Client.GetGrain<IUserGrain>(_userId);

    private async Task<IUserGrain> Registered()
    {
        Assert.True(await User.Create(Accounts.New(_userId, _email, PasswordHash)));
        return User;
    }

    private static async Task FailLogins(IUserGrain user, int times, string client = Here)
    {
        for (var i = 0; i < times; i++)
            Assert.Equal(LoginStatus.BadCredentials, (await user.Login(Wrong, client)).Status);
    }

    [Fact]
    public async Task A_created_account_shows_its_profile()
    {
        var user = await Registered();

        var profile = await user.GetProfile();

        Assert.NotNull(profile);
        Assert.Equal((_userId, _email, "Ada Lovelace"), (profile.UserId, profile.Email, profile.FullName));
        Assert.Equal([Roles.Customer], profile.Roles);
        Assert.Empty(profile.Addresses);
    }

    [Fact]
    public async Task Creating_again_is_accepted_for_the_same_email_only()
    {
        var user = await Registered();

        Assert.True(await user.Create(Accounts.New(_userId, _email.ToUpperInvariant(), "other-hash")));
        Assert.False(await user.Create(Accounts.New(_userId, Accounts.NewEmail())));
        Assert.Equal(_email, (await user.GetProfile())?.Email);
    }

    [Fact]
    public async Task The_right_password_logs_in_with_the_profile()
    {
        var user = await Registered();

        var result = await user.Login(Right, Here);

        Assert.Equal(LoginStatus.Succeeded, result.Status);
        Assert.Equal(_userId, result.Profile?.UserId);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_as_bad_credentials()
    {
        var user = await Registered();

        var result = await user.Login(Wrong, Here);

        Assert.Equal(new LoginResult(LoginStatus.BadCredentials), result);
    }

    [Fact]
    public async Task An_unknown_account_is_refused_as_bad_credentials()
    {
        var result = await User.Login(Right, Here);

        Assert.Equal(new LoginResult(LoginStatus.BadCredentials), result);
        Assert.Null(await User.GetProfile());
    }

    [Fact]
    public async Task Five_wrong_passwords_in_a_row_lock_that_client_out_until_the_lockout_runs_out()
    {
        var user = await Registered();
        await FailLogins(user, 5);
        var lockedUntil = fixture.Time.GetUtcNow() + LockoutDuration;

        var whileLocked = await user.Login(Right, Here);
        fixture.Time.Advance(LockoutDuration - TimeSpan.FromSeconds(1));
        var justBefore = await user.Login(Right, Here);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var after = await user.Login(Right, Here);

        Assert.Equal(new LoginResult(LoginStatus.LockedOut, LockedUntil: lockedUntil), whileLocked);
        Assert.Equal(LoginStatus.LockedOut, justBefore.Status);
        Assert.Equal(LoginStatus.Succeeded, after.Status);
    }

    [Fact]
    public async Task A_client_locked_out_by_its_failures_does_not_lock_out_the_owner_elsewhere()
    {
        var user = await Registered();
        await FailLogins(user, 5, client: Here);

        var owner = await user.Login(Right, Elsewhere);
        var attacker = await user.Login(Right, Here);

        Assert.Equal(LoginStatus.Succeeded, owner.Status);
        Assert.Equal(LoginStatus.LockedOut, attacker.Status);
    }

    [Fact]
    public async Task A_successful_login_starts_the_failure_count_again()
    {
        var user = await Registered();
        await FailLogins(user, 4);
        Assert.Equal(LoginStatus.Succeeded, (await user.Login(Right, Here)).Status);
        await FailLogins(user, 4);

        var result = await user.Login(Right, Here);

        Assert.Equal(LoginStatus.Succeeded, result.Status);
    }

    [Fact]
    public async Task An_added_address_is_stored_normalized_under_a_fresh_id()
    {
        var user = await Registered();
        var address = new Address("client-chosen", " Ada ", " 12 Square ", " ", " London ", " SW1Y ", "gb");

        var stored = await user.AddAddress(address);

        Assert.NotNull(stored);
        Assert.StartsWith("adr_", stored.AddressId, StringComparison.Ordinal);
        Assert.Equal(new Address(stored.AddressId, "Ada", "12 Square", null, "London", "SW1Y", "GB"), stored);
        Assert.Equal([stored], (await user.GetProfile())!.Addresses);
    }

    [Fact]
    public async Task A_removed_address_is_gone_and_removing_it_again_answers_false()
    {
        var user = await Registered();
        var kept = Assert.IsType<Address>(await user.AddAddress(new Address("", "Ada", "1 Road", null, "London", "N1", "GB")));
        var removed = Assert.IsType<Address>(await user.AddAddress(new Address("", "Ada", "2 Road", null, "Leeds", "LS1", "GB")));

        Assert.True(await user.RemoveAddress(removed.AddressId));
        Assert.False(await user.RemoveAddress(removed.AddressId));
        Assert.Equal([kept], (await user.GetProfile())!.Addresses);
    }

    [Fact]
    public async Task An_account_holds_at_most_the_allowed_number_of_addresses()
    {
        var user = await Registered();
        var address = new Address("", "Ada", "1 Road", null, "London", "N1", "GB");
        for (var i = 0; i < UserRules.MaxAddresses; i++)
            Assert.NotNull(await user.AddAddress(address));

        Assert.Null(await user.AddAddress(address));
        Assert.Equal(UserRules.MaxAddresses, (await user.GetProfile())!.Addresses.Count);
    }

    [Fact]
    public async Task The_full_name_is_updated_trimmed_and_an_unknown_account_is_not_created()
    {
        var user = await Registered();

        var updated = await user.UpdateFullName("  Augusta Ada King ");

        Assert.Equal("Augusta Ada King", updated?.FullName);
        Assert.Equal("Augusta Ada King", (await user.GetProfile())?.FullName);
        var unknown = fixture.Client.GetGrain<IUserGrain>(Accounts.NewUserId());
        Assert.Null(await unknown.UpdateFullName("Nobody"));
        Assert.Null(await unknown.GetProfile());
    }
}
