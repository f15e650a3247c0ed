using EShop.Grains.Abstractions.Users;

namespace EShop.Grains.Tests.Users;

internal static class Accounts
{
    public static string NewUserId() => $"usr_{Guid.NewGuid():N}";

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public static Registration Registration(string userId, string email, string password = "correct horse battery staple") =>
        new(userId, email, "Ada Lovelace", new Secret(password), [Roles.Customer]);

    public static NewUser New(string userId, string email, string passwordHash = "not-a-real-hash") =>
        new(userId, email, "Ada Lovelace", passwordHash, [Roles.Customer]);
}
