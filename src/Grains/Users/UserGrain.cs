using EShop.Grains.Abstractions.Common;
using EShop.Grains.Abstractions.Events;
using EShop.Grains.Abstractions.Users;
using EShop.Grains.Events;
using EShop.Grains.Privacy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
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

    /// <summary>Locked by an admin: the password still verifies, but no login, refresh or access token is honoured.</summary>
    [Id(9)] public bool Locked { get; set; }

    /// <summary>When deletion began; from then on the account is gone for every caller, and activation finishes the erasure.</summary>
    [Id(10)] public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>True once every part of the account has been erased and only this tombstone is left.</summary>
    [Id(11)] public bool Erased { get; set; }

    public AccountStatus Status => DeletedAt is not null ? AccountStatus.Deleted : Locked ? AccountStatus.Locked : AccountStatus.Active;
}

/// <summary>
/// One account. Deletion is written first (<see cref="UserState.DeletedAt"/>), then the parts are erased in an order
/// that a crash can resume from (on the next activation or the erase reminder): the email index, the cart, the
/// orders' personal data, and last this state, which keeps a tombstone so that the userId is never reused.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", StorageNames.Users)] IPersistentState<UserState> state,
    ShopClock clock,
    IOptions<AccountOptions> options,
    IOptions<PrivacyOptions> privacy,
    PasswordWork passwords,
    OutboxServices outboxServices,
    IGrainFactory grains,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IRemindable
{
    private EventOutbox? outbox;

    private bool Exists => state.RecordExists && state.State.DeletedAt is null;

    private string UserId => this.GetPrimaryKeyString();

    private EventOutbox Outbox => outbox ??= new EventOutbox(this, () => state.State.Outbox, state.WriteStateAsync, outboxServices);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        if (state.State.DeletedAt is not null && !state.State.Erased)
            await FinishErasure();
    }

    /// <summary>The outbox's reminder (set only while an event waits for a broker) or the erase reminder.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == EraseReminder)
        {
            await FinishErasure();
            return;
        }

        if (reminderName == RetentionReminder)
        {
            await PurgeRetainedAddresses();
            return;
        }

        Outbox.Publish();
    }

    public async Task<bool> Create(NewUser user)
    {
        if (state.RecordExists)
            return state.State.DeletedAt is null && string.Equals(state.State.Email, user.Email, StringComparison.OrdinalIgnoreCase);

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

        var (refused, verification) = await Verify(password, client);
        if (refused is not null)
            return refused;
        var throttle = state.State.Throttle;
        if (state.State.Locked)
            return new LoginResult(LoginStatus.AccountLocked);

        // A rehash that finds the silo busy waits for the next login.
        var rehashed = verification == PasswordVerificationResult.SuccessRehashNeeded
            ? await passwords.TryHashAsync(password)
            : null;
        if (rehashed is not null)
            state.State.PasswordHash = rehashed;
        if (rehashed is not null || !throttle.IsNone)
        {
            state.State.Throttle = throttle.Succeeded(Client(client), clock.UtcNow, options.Value);
            await state.WriteStateAsync();
        }

        return new LoginResult(LoginStatus.Succeeded, Profile());
    }

    /// <summary>Checks the password as a login does (throttled per client, failures counted); null when it is right.</summary>
    private async Task<(LoginResult? Refused, PasswordVerificationResult Verification)> Verify(Secret password, string client)
    {
        // Checked before any hashing: a locked-out client costs the silo nothing.
        client = Client(client);
        var now = clock.UtcNow;
        var throttle = state.State.Throttle;
        if (throttle.BlockedUntil(client, now) is { } blockedUntil)
            return (new LoginResult(LoginStatus.LockedOut, LockedUntil: blockedUntil), default);

        if (await passwords.TryVerifyAsync(state.State.PasswordHash, password) is not { } verification)
            return (Busy(), default);
        if (verification == PasswordVerificationResult.Failed)
        {
            state.State.Throttle = throttle.Failed(client, now, options.Value);
            await state.WriteStateAsync();
            return (new LoginResult(LoginStatus.BadCredentials), verification);
        }

        return (null, verification);
    }

    private static string Client(string client) => client.Length > LoginThrottle.MaxClientLength ? client[..LoginThrottle.MaxClientLength] : client;

    public async Task<UserProfile?> UpdateFullName(string fullName)
    {
        if (!Exists)
            return null;
        state.State.FullName = fullName.Trim();
        Outbox.Record(EventStreams.Users, EventTypes.UserUpdated, UserId,
            new UserUpdatedV1(UserId, ["fullName"], state.State.FullName, null, clock.UtcNow));
        await state.WriteStateAsync();
        Outbox.Publish();
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
        await WriteAddressesChanged();
        return stored;
    }

    public async Task<bool> RemoveAddress(string addressId)
    {
        if (!Exists || state.State.Addresses.RemoveAll(a => a.AddressId == addressId) == 0)
            return false;
        await WriteAddressesChanged();
        return true;
    }

    public Task<AccountStatus> GetStatus() =>
        Task.FromResult(state.RecordExists ? state.State.Status : AccountStatus.Unknown);

    public async Task<AccountStatus> SetLocked(bool locked)
    {
        if (!Exists)
            return state.RecordExists ? AccountStatus.Deleted : AccountStatus.Unknown;
        if (state.State.Locked != locked)
        {
            state.State.Locked = locked;
            await state.WriteStateAsync();
        }

        return state.State.Status;
    }

    private async Task WriteAddressesChanged()
    {
        Outbox.Record(EventStreams.Users, EventTypes.UserUpdated, UserId,
            new UserUpdatedV1(UserId, ["addresses"], null, [.. state.State.Addresses], clock.UtcNow));
        await state.WriteStateAsync();
        Outbox.Publish();
    }

    private LoginResult Busy() => new(LoginStatus.Busy, RetryAfter: passwords.RetryAfter);

    private UserProfile Profile() => new(
        this.GetPrimaryKeyString(),
        state.State.Email,
        state.State.FullName,
        [.. state.State.Roles],
        [.. state.State.Addresses]);
}
