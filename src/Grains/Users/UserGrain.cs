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
    [Id(5)] public AccountLockout Lockout { get; set; } = AccountLockout.None;
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public List<DomainEvent> Outbox { get; set; } = [];
}

public sealed class UserGrain(
    [PersistentState("user", StorageNames.Users)] IPersistentState<UserState> state,
    ShopClock clock,
    IOptions<AccountOptions> options,
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

    public async Task<LoginResult> Login(Secret password)
    {
        if (!Exists)
        {
            await PasswordHashing.BurnVerificationTimeAsync(password.Value);
            return new LoginResult(LoginStatus.BadCredentials);
        }

        var now = clock.UtcNow;
        var lockout = state.State.Lockout;
        if (lockout.IsLocked(now))
            return new LoginResult(LoginStatus.LockedOut, LockedUntil: lockout.LockedUntil);

        var verification = await PasswordHashing.VerifyAsync(state.State.PasswordHash, password.Value);
        if (verification == PasswordVerificationResult.Failed)
        {
            state.State.Lockout = lockout.Failed(now, options.Value);
            await state.WriteStateAsync();
            return new LoginResult(LoginStatus.BadCredentials);
        }

        var rehash = verification == PasswordVerificationResult.SuccessRehashNeeded;
        if (rehash)
            state.State.PasswordHash = await PasswordHashing.HashAsync(password.Value);
        if (rehash || lockout != AccountLockout.None)
        {
            state.State.Lockout = AccountLockout.None;
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

    private UserProfile Profile() => new(
        this.GetPrimaryKeyString(),
        state.State.Email,
        state.State.FullName,
        [.. state.State.Roles],
        [.. state.State.Addresses]);
}
