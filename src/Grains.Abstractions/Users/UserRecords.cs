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

public enum LoginStatus
{
    Succeeded,
    BadCredentials,
    LockedOut,
}

[GenerateSerializer, Immutable, Alias("eshop.login-result.v1")]
public sealed record LoginResult(
    [property: Id(0)] LoginStatus Status,
    [property: Id(1)] UserProfile? Profile = null,
    [property: Id(2)] DateTimeOffset? LockedUntil = null);

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
