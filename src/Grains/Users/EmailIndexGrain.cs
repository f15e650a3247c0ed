using EShop.Grains.Abstractions.Users;
using Orleans.Runtime;

namespace EShop.Grains.Users;

[GenerateSerializer, Alias("eshop.email-index-state.v1")]
public sealed class EmailIndexState
{
    [Id(0)]
    public string? UserId { get; set; }
}

/// <summary>
/// Keyed by the normalized email. Calls are not interleaved, so concurrent registrations queue here and the
/// first one wins; the password is hashed only once the email is known to be free, so the losers cost no hashing.
/// The user is created before the email is recorded: a crash in between leaves an unreachable user and a free
/// email, never an email that points nowhere.
/// </summary>
public sealed class EmailIndexGrain(
    [PersistentState("email-index", StorageNames.Users)] IPersistentState<EmailIndexState> state,
    PasswordWork passwords,
    IGrainFactory grains) : Grain, IEmailIndexGrain
{
    public async Task<RegistrationResult> Register(Registration registration)
    {
        if (state.State.UserId is { } owner && owner != registration.UserId)
            return new RegistrationResult(RegistrationStatus.EmailTaken);
        if (await passwords.TryHashAsync(registration.Password) is not { } hash)
            return new RegistrationResult(RegistrationStatus.Busy, passwords.RetryAfter);

        var user = new NewUser(registration.UserId, registration.Email, registration.FullName, hash, registration.Roles);
        if (!await grains.GetGrain<IUserGrain>(user.UserId).Create(user))
            return new RegistrationResult(RegistrationStatus.EmailTaken);
        if (state.State.UserId is null)
        {
            state.State.UserId = user.UserId;
            await state.WriteStateAsync();
        }

        return new RegistrationResult(RegistrationStatus.Created);
    }

    public async Task<LoginResult> Login(Secret password, string client)
    {
        if (state.State.UserId is { } userId)
            return await grains.GetGrain<IUserGrain>(userId).Login(password, client);
        return await passwords.TryBurnVerificationTimeAsync(password)
            ? new LoginResult(LoginStatus.BadCredentials)
            : new LoginResult(LoginStatus.Busy, RetryAfter: passwords.RetryAfter);
    }

    public Task<string?> GetUserId() => Task.FromResult(state.State.UserId);

    public async Task Release(string userId)
    {
        if (state.State.UserId == userId)
            await state.ClearStateAsync();
    }
}
