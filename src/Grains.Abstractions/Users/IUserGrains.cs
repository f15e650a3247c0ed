using Orleans.Concurrency;

namespace EShop.Grains.Abstractions.Users;

/// <summary>One account, keyed by userId.</summary>
[Alias("eshop.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; true if created now or already created with the same email.</summary>
    [Alias("Create")]
    Task<bool> Create(NewUser user);

    [ReadOnly, Alias("GetProfile")]
    Task<UserProfile?> GetProfile();

    /// <summary>
    /// Verifies the password, counting failures in a row per <paramref name="client"/> (its network address): too
    /// many lock that client out of this account, never the account for everyone.
    /// </summary>
    [Alias("LoginFromClient")]
    Task<LoginResult> Login(Secret password, string client);

    [Alias("UpdateFullName")]
    Task<UserProfile?> UpdateFullName(string fullName);

    [Alias("AddAddress")]
    Task<Address?> AddAddress(Address address);

    [Alias("RemoveAddress")]
    Task<bool> RemoveAddress(string addressId);

    /// <summary>Whether tokens of this account may still be honoured; cheap, asked on every access token (cached briefly).</summary>
    /// <remarks>Interleaves with every call: it reads one field, and must not wait behind a deletion in progress.</remarks>
    [AlwaysInterleave, Alias("GetStatus")]
    Task<AccountStatus> GetStatus();

    /// <summary>Locks (true) or unlocks (false) the account; answers the status after the change (Unknown or Deleted: nothing changed).</summary>
    [Alias("SetLocked")]
    Task<AccountStatus> SetLocked(bool locked);

    /// <summary>
    /// Erases the account after checking its password (failures counted like a login's per client): the email is freed,
    /// refresh tokens stop working, the cart and the personal data of the orders are erased. Idempotent and resumable.
    /// </summary>
    [Alias("Delete")]
    Task<DeletionResult> Delete(Secret password, string client);
}

/// <summary>Normalized email -> userId; of concurrent registrations of one email exactly one wins.</summary>
[Alias("eshop.IEmailIndexGrain")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Hashes the password and creates the user if the email is free (or already theirs).</summary>
    [Alias("RegisterWithPassword")]
    Task<RegistrationResult> Register(Registration registration);

    /// <summary>
    /// Logs in to the account this email names. An unknown email costs the same password work as a known one, so
    /// that the time taken does not tell which emails have accounts.
    /// </summary>
    [ReadOnly, Alias("Login")]
    Task<LoginResult> Login(Secret password, string client);

    [ReadOnly, Alias("GetUserId")]
    Task<string?> GetUserId();

    /// <summary>Frees the email if it still names <paramref name="userId"/>, so that it can register again as a new account.</summary>
    /// <remarks>
    /// Interleaves: a deleting user grain calls this while a login may be waiting here on that user grain. Release only
    /// ever clears the deleted account's own entry, which no other call of this grain changes.
    /// </remarks>
    [AlwaysInterleave, Alias("Release")]
    Task Release(string userId);
}

/// <summary>A refresh-token family (one login), keyed by familyId; the token rotates on every use.</summary>
[Alias("eshop.IRefreshTokenFamilyGrain")]
public interface IRefreshTokenFamilyGrain : IGrainWithStringKey
{
    /// <summary>Starts the family for a user and returns its first token.</summary>
    [Alias("Start")]
    Task<Secret> Start(string userId);

    [Alias("Rotate")]
    Task<RefreshResult> Rotate(Secret token);

    /// <summary>Revokes the family if the token is one it issued; true if it did.</summary>
    [Alias("Revoke")]
    Task<bool> Revoke(Secret token);
}
