namespace EShop.Grains.Abstractions.Users;

[GenerateSerializer, Immutable, Alias("eshop.address.v1")]
public sealed record Address(
    [property: Id(0)] string AddressId,
    [property: Id(1)] string FullName,
    [property: Id(2)] string Line1,
    [property: Id(3)] string? Line2,
    [property: Id(4)] string City,
    [property: Id(5)] string PostalCode,
    [property: Id(6)] string Country);

[GenerateSerializer, Immutable, Alias("eshop.user-profile.v1")]
public sealed record UserProfile(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string FullName,
    [property: Id(3)] IReadOnlyList<string> Roles,
    [property: Id(4)] IReadOnlyList<Address> Addresses);

/// <summary>A registration whose password is already hashed.</summary>
[GenerateSerializer, Immutable, Alias("eshop.new-user.v1")]
public sealed record NewUser(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string FullName,
    [property: Id(3)] string PasswordHash,
    [property: Id(4)] IReadOnlyList<string> Roles)
{
    public override string ToString() => $"NewUser {{ UserId = {UserId}, Email = {Email} }}";
}

/// <summary>A registration as the client sent it: the silo hashes the password, under its cap on hashing work.</summary>
[GenerateSerializer, Immutable, Alias("eshop.registration.v1")]
public sealed record Registration(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string FullName,
    [property: Id(3)] Secret Password,
    [property: Id(4)] IReadOnlyList<string> Roles)
{
    public override string ToString() => $"Registration {{ UserId = {UserId} }}";
}

public enum RegistrationStatus
{
    Created,
    EmailTaken,

    /// <summary>The silo's password hashing is saturated: nothing was created, try again after RetryAfter.</summary>
    Busy,
}

[GenerateSerializer, Immutable, Alias("eshop.registration-result.v1")]
public sealed record RegistrationResult(
    [property: Id(0)] RegistrationStatus Status,
    [property: Id(1)] TimeSpan? RetryAfter = null);

public enum LoginStatus
{
    Succeeded,
    BadCredentials,

    /// <summary>This client failed too often for this account (or the account is slowed down): wait until LockedUntil.</summary>
    LockedOut,

    /// <summary>The silo's password hashing is saturated: nothing was checked, try again after RetryAfter.</summary>
    Busy,

    /// <summary>The password was right but an admin has locked the account.</summary>
    AccountLocked,
}

[GenerateSerializer, Immutable, Alias("eshop.login-result.v1")]
public sealed record LoginResult(
    [property: Id(0)] LoginStatus Status,
    [property: Id(1)] UserProfile? Profile = null,
    [property: Id(2)] DateTimeOffset? LockedUntil = null,
    [property: Id(3)] TimeSpan? RetryAfter = null);

public enum RefreshStatus
{
    Rotated,
    Invalid,
    ReuseDetected,
}

[GenerateSerializer, Immutable, Alias("eshop.refresh-result.v1")]
public sealed record RefreshResult(
    [property: Id(0)] RefreshStatus Status,
    [property: Id(1)] string? UserId = null,
    [property: Id(2)] Secret? NewToken = null);

/// <summary>What the account's tokens are worth: Unknown (never created) and Active are honoured, Locked and Deleted are not.</summary>
public enum AccountStatus
{
    Unknown,
    Active,
    Locked,
    Deleted,
}

public enum DeletionStatus
{
    Deleted,
    BadCredentials,

    /// <summary>An order of the account is still Pending: deletion waits until it settles.</summary>
    PendingOrder,
    LockedOut,
    Busy,
}

[GenerateSerializer, Immutable, Alias("eshop.deletion-result.v1")]
public sealed record DeletionResult(
    [property: Id(0)] DeletionStatus Status,
    [property: Id(1)] DateTimeOffset? LockedUntil = null,
    [property: Id(2)] TimeSpan? RetryAfter = null,
    [property: Id(3)] string? PendingOrderId = null);
