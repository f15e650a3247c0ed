using EShop.Grains.Abstractions.Users;

namespace EShop.Grains.Tests.Users;

internal static class Accounts
{
    public static string NewUserId() => $"usr_{Guid.NewGuid():N}";

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public static NewUser New(string userId, string email, string passwordHash = "not-a-real-hash") =>
        new(userId, email, "Ada Lovelace", passwordHash, [Roles.Customer]);
}
