using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Events;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace EShop.Grains.Users;

[GenerateSerializer, Alias("eshop.user-state.v1")]
public sealed class UserState
{
    [Id(0)] public string Email { get; set; } = "";
    [Id(1)] public string FullName { get; set; } = "";
    [Id(2)] public string PasswordHash { get; set; } = "";
    [Id(3)] public List<string> Roles { get; set; } = [];
    [Id(4)] public List<Address> Addresses { get; set; } = [];

    /// <summary>Version 1's account-wide lock: read from old state, never consulted (see <see cref="Throttle"/>).</summary>
    [Id(5)] public AccountLockout Lockout { get; set; } = AccountLockout.None;
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public List<DomainEvent> Outbox { get; set; } = [];
    [Id(8)] public LoginThrottle Throttle { get; set; } = LoginThrottle.None;
}

public sealed class UserGrain(
    [PersistentState("user", StorageNames.Users)] IPersistentState<UserState> state,
    ShopClock clock,
    IOptions<AccountOptions> options,
    PasswordWork passwords,
    OutboxServices outboxServices) : Grain, IUserGrain, IRemindable
{
    private EventOutbox? outbox;

    private bool Exists => state.RecordExists;

    private EventOutbox Outbox => outbox ??= new EventOutbox(this, () => state.State.Outbox, state.WriteStateAsync, outboxServices);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        return Task.CompletedTask;
    }

    /// <summary>The outbox's reminder: set only while an event waits for a broker.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Outbox.Publish();
        return Task.CompletedTask;
    }

    public async Task<bool> Create(NewUser user)
    {
        if (Exists)
            return string.Equals(state.State.Email, user.Email, StringComparison.OrdinalIgnoreCase);

        state.State = new UserState
        {
            Email = user.Email.Trim(),
            FullName = user.FullName.Trim(),
            PasswordHash = user.PasswordHash,
            Roles = [.. user.Roles],
            CreatedAt = clock.UtcNow,
        };
        var userId = this.GetPrimaryKeyString();
        Outbox.Record(EventStreams.Users, EventTypes.UserRegistered, userId,
            new UserRegisteredV1(userId, state.State.Email, state.State.FullName, state.State.CreatedAt));
        await state.WriteStateAsync();
        Outbox.Publish();
        return true;
    }

    public Task<UserProfile?> GetProfile() => Task.FromResult(Exists ? Profile() : null);

    public async Task<LoginResult> Login(Secret password, string client)
    {
        if (!Exists)
            return await passwords.TryBurnVerificationTimeAsync(password) ? new LoginResult(LoginStatus.BadCredentials) : Busy();

        // Checked before any hashing: a locked-out client costs the silo nothing.
        client = client.Length > LoginThrottle.MaxClientLength ? client[..LoginThrottle.MaxClientLength] : client;
        var now = clock.UtcNow;
        var throttle = state.State.Throttle;
        if (throttle.BlockedUntil(client, now) is { } blockedUntil)
            return new LoginResult(LoginStatus.LockedOut, LockedUntil: blockedUntil);

        if (await passwords.TryVerifyAsync(state.State.PasswordHash, password) is not { } verification)
            return Busy();
        if (verification == PasswordVerificationResult.Failed)
        {
            state.State.Throttle = throttle.Failed(client, now, options.Value);
            await state.WriteStateAsync();
            return new LoginResult(LoginStatus.BadCredentials);
        }

        // A rehash that finds the silo busy waits for the next login.
        var rehashed = verification == PasswordVerificationResult.SuccessRehashNeeded
            ? await passwords.TryHashAsync(password)
            : null;
        if (rehashed is not null)
            state.State.PasswordHash = rehashed;
        if (rehashed is not null || !throttle.IsNone)
        {
            state.State.Throttle = throttle.Succeeded(client, now, options.Value);
            await state.WriteStateAsync();
        }

        return new LoginResult(LoginStatus.Succeeded, Profile());
    }

    public async Task<UserProfile?> UpdateFullName(string fullName)
    {
        if (!Exists)
            return null;
        state.State.FullName = fullName.Trim();
        await state.WriteStateAsync();
        return Profile();
    }

    public async Task<Address?> AddAddress(Address address)
    {
        if (!UserRules.ValidateAddress(address).IsValid)
            throw new ArgumentException("The address is invalid: validate it with UserRules.ValidateAddress first.", nameof(address));
        if (!Exists || state.State.Addresses.Count >= UserRules.MaxAddresses)
            return null;
        var stored = UserRules.NormalizeAddress(address) with { AddressId = Ids.NewAddressId() };
        state.State.Addresses.Add(stored);
        await state.WriteStateAsync();
        return stored;
    }

    public async Task<bool> RemoveAddress(string addressId)
    {
        if (!Exists || state.State.Addresses.RemoveAll(a => a.AddressId == addressId) == 0)
            return false;
        await state.WriteStateAsync();
        return true;
    }

    private LoginResult Busy() => new(LoginStatus.Busy, RetryAfter: passwords.RetryAfter);

    private UserProfile Profile() => new(
        this.GetPrimaryKeyString(),
        state.State.Email,
        state.State.FullName,
        [.. state.State.Roles],
        [.. state.State.Addresses]);
}
