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
